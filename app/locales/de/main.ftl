## Kunden-Widget
widget-title = Chatten Sie mit uns
widget-greeting-default = Hallo! Wie können wir Ihnen heute helfen?
widget-close = Chat schließen
widget-launcher = Chatten Sie mit uns
widget-message-list = Unterhaltung
composer-label = Ihre Nachricht
composer-placeholder = Nachricht schreiben …
composer-send = Senden
typing-agent = Der Support schreibt …
widget-you = Sie
message-customer = Kunde
widget-support = Support

## Zustellstatus
status-sending = Wird gesendet …
status-sent = Gesendet
status-delivered = Zugestellt
status-read = Gelesen
status-failed = Nicht gesendet

## Verbindung
language-label = Sprache
connection-online = Verbunden
connection-reconnecting = Verbindung unterbrochen. Neuer Verbindungsversuch …

## Team-Desk
desk-message-list = Nachrichtenverlauf
desk-title = Parley-Desk
login-heading = Beim Desk anmelden
login-email = E-Mail-Adresse
login-password = Passwort
login-submit = Anmelden
logout = Abmelden
signed-in-as = Angemeldet als { $name }
conversations-heading = Unterhaltungen
conversations-empty = Noch keine Unterhaltungen.
conversation-unread = { $count ->
    [one] { $count } ungelesene Nachricht
   *[other] { $count } ungelesene Nachrichten
}
conversation-visitor = Besucher { $label }
conversation-status = { $status ->
    [received] Neu
    [assigned] Zugewiesen
    [in_progress] In Bearbeitung
    [waiting_on_customer] Wartet auf Kunden
    [resolved] Gelöst
    [confirmed] Vom Kunden bestätigt
    [archived] Archiviert
   *[reopened] Wieder geöffnet
}
conversation-pick = Wählen Sie links eine Unterhaltung aus.
conversation-no-messages = Noch keine Nachrichten.
conversation-language = Sprache: { $locale }
conversation-local-time = Ortszeit: { $time }
reply-label = Antwort
reply-placeholder = Antwort schreiben …
reply-send = Senden
typing-customer = Der Kunde schreibt …

## Fehlercodes
error-invalid-json = Die App hat Daten gesendet, die der Server nicht lesen konnte.
error-unknown-frame-type = Die App hat eine Anfrage gesendet, die der Server nicht kennt.
error-invalid-frame = Die App hat eine unvollständige Anfrage gesendet.
error-frame-too-large = Das ist zu groß zum Senden.
error-hello-required = Die Verbindung wurde nicht richtig aufgebaut. Neuer Versuch …
error-unsupported-version = Dieser Chat ist veraltet. Bitte laden Sie die Seite neu.
error-unknown-site = Dieser Chat ist für diese Website nicht eingerichtet.
error-origin-forbidden = Dieser Chat darf auf dieser Website nicht verwendet werden.
error-token-invalid = Ihre Chat-Sitzung konnte nicht bestätigt werden. Eine neue wurde gestartet.
error-token-expired = Ihre Chat-Sitzung ist abgelaufen. Eine neue wurde gestartet.
error-message-empty = Bitte schreiben Sie zuerst etwas.
error-message-too-long = Die Nachricht ist zu lang. Bitte kürzen Sie sie.
error-rate-limited = Sie senden Nachrichten zu schnell. Bitte warten Sie einen Moment.
error-unauthorized = Bitte melden Sie sich erneut an.
error-invalid-credentials = E-Mail-Adresse oder Passwort ist falsch.
error-not-found = Diese Unterhaltung gibt es nicht.
error-invalid-transition = Diese Änderung ist im aktuellen Zustand der Unterhaltung nicht möglich.
error-fact-missing = Bitte füllen Sie alle Pflichtfelder aus.
error-fact-invalid = Bitte prüfen Sie das markierte Feld.
error-category-required = Bitte wählen Sie aus, worum es bei Ihrer Frage geht.
error-lagged = Die Verbindung ist in Verzug geraten. Wird aufgeholt …
error-origin-invalid = Jeder erlaubte Ursprung muss https://host oder https://host:port sein (http nur für localhost) oder https://*.example.com für dessen Subdomains.
error-contrast-too-low = Diese Farbe ist zu hell: Weiße Schrift darauf wäre schwer lesbar (WCAG AA verlangt 4,5:1). Wählen Sie eine dunklere.
error-site-name-invalid = Geben Sie der Website einen Namen mit 1 bis 100 Zeichen.
error-amount-invalid = Geben Sie einen positiven Betrag mit höchstens so vielen Nachkommastellen ein, wie die Währung hat.
error-currency-unknown = Das ist kein Währungscode (ISO 4217, z. B. USD, EUR, JPY).
error-rate-missing = Für diese Währung gibt es noch keinen Wechselkurs: Eine Administratorin oder ein Administrator trägt ihn auf der Einrichtungsseite ein.
error-already-decided = Über diese Entschädigung wurde bereits entschieden.
error-not-approver = Sie können über diese Entschädigung nicht entscheiden: Es ist Ihr eigener Vorschlag, er übersteigt Ihre Befugnis, oder er ist noch nicht an Sie gerichtet.
error-idempotency-conflict = Dieser Idempotency-Key wurde für eine andere Anfrage verwendet, oder seine erste Anfrage läuft noch.
error-webhook-url-invalid = Geben Sie eine http- oder https-URL mit Host an, ohne Benutzername oder Passwort.
error-webhook-url-private = Diese Adresse liegt in einem privaten oder lokalen Netz; Parley ruft sie nicht auf.
error-webhook-limit = Eine Website hat höchstens 10 Endpunkte; entfernen Sie zuerst einen.
error-tracking-not-found = Wir konnten diese Bestellung nicht finden. Prüfen Sie die Nummer (und die E-Mail-Adresse oder Postleitzahl der Bestellung).
error-tracking-unavailable = Die Sendungsverfolgung ist gerade nicht verfügbar. Bitte versuchen Sie es in ein paar Minuten erneut.
error-tracking-off = Dieser Shop bietet hier keine Sendungsverfolgung an.
error-slug-invalid = Die Adresse darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten (höchstens 80).
error-slug-taken = Ein anderer Artikel hat bereits diese Adresse.
error-report-range-invalid = Die Daten müssen echte Tage sein, der erste nicht nach dem letzten, höchstens 400 Tage auseinander.
error-time-zone-unknown = Unbekannte Zeitzone: Verwenden Sie einen Namen wie Europe/Berlin oder Asia/Shanghai.
error-sheet-invalid = Ein Bewertungsbogen braucht 1 bis 12 Kriterien mit Namen aus Kleinbuchstaben und Gewichten, die zusammen 100 ergeben.
error-own-conversation = Niemand bewertet ein Gespräch, das er selbst geführt hat.
error-already-reviewed = Dieses Gespräch wurde bereits bewertet.
error-case-not-resolved = Nur ein gelöster Fall kann in die Fallbibliothek.
error-already-in-library = Dieser Fall ist bereits in der Fallbibliothek.
error-no-email-address = Der Kunde hat keine E-Mail-Adresse hinterlassen.
error-mail-off = Dieses Parley versendet keine E-Mails (kein SMTP-Relay eingerichtet).
error-internal = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es noch einmal.

## Texte für Kunden
texts-link = Texte für Kunden
texts-title = Texte für Kunden
texts-intro = Kunden sehen jeden Text in ihrer eigenen Sprache. Fehlt eine Sprache, sehen sie stattdessen den Text auf { $fallback }.
texts-kind = { $kind ->
    [away] Abwesenheitsnachricht (solange niemand antworten kann)
    [confirm] Frage „Ist Ihr Problem gelöst?“
    [rating] Bewertungsfrage (nach einer Lösung)
   *[greeting] Begrüßung
}
texts-missing = Fehlt – Kunden sehen den Text auf { $fallback }
texts-missing-count = { $count ->
    [0] Für jede Sprache gibt es einen Text.
    [one] { $count } Übersetzung fehlt
   *[other] { $count } Übersetzungen fehlen
}
texts-save = Texte speichern
texts-saved = Texte gespeichert.
desk-back = Zurück zu den Unterhaltungen
error-forbidden = Das dürfen nur Administratoren.
error-text-too-long = Ein Text ist zu lang (höchstens 1.000 Zeichen).
texts-languages = Sprachen für Kunden
texts-languages-hint = Kunden, deren Sprache nicht angeboten wird, sehen die Standardsprache.
texts-default = Standardsprache
texts-languages-save = Sprachen speichern
sites-title = Websites
sites-intro = Jede Website ist ein Shop oder eine Marke, die den Chat mit einem Script-Tag auf ihren eigenen Seiten einbindet.
sites-list = Ihre Websites
sites-disabled = deaktiviert
sites-pick = Wählen Sie eine Website, um ihre Einstellungen zu ändern.
sites-create = Website hinzufügen
sites-name = Name
sites-create-button = Website hinzufügen
sites-saved-created = Website hinzugefügt. Erlauben Sie die Seiten, die den Chat zeigen sollen, und fügen Sie dort den Einbettungscode ein.
sites-saved-settings = Einstellungen gespeichert. Geöffnete Seiten übernehmen sie innerhalb von Sekunden.
sites-saved-enabled = Die Website ist aktiviert: Ihr Chat lädt wieder.
sites-saved-disabled = Die Website ist deaktiviert: Ihr Chat lädt nicht mehr. Ihre Gespräche bleiben erhalten.
sites-key = Öffentlicher Schlüssel
sites-origins = Seiten, die den Chat zeigen dürfen
sites-origins-hint = Ein Ursprung pro Zeile: https://shop.example.com, https://shop.example.com:8443 oder https://*.example.com für alle Subdomains (http:// nur für localhost). Seiten anderswo zeigen keinen Chat.
sites-accent = Akzentfarbe
sites-accent-hint = Für das Chat-Symbol und Schaltflächen unter weißer Schrift – sie muss dunkel genug sein (Kontrast mindestens 4,5:1, WCAG AA).
sites-position = Position des Chat-Symbols
sites-position-end = Unten rechts (unten links auf Seiten mit Schreibrichtung von rechts nach links)
sites-position-start = Unten links (unten rechts auf Seiten mit Schreibrichtung von rechts nach links)
sites-launcher = Beschriftung des Chat-Symbols
sites-launcher-hint = Was Screenreader für die Chat-Schaltfläche ansagen, je Sprache.
sites-launcher-default = Nicht gesetzt: In dieser Sprache gilt die Beschriftung von Parley.
sites-identity = Verifizierte Identität verlangen (das Backend der Website signiert jeden angemeldeten Nutzer)
sites-save = Einstellungen speichern
sites-snippet = Einbettungscode
sites-snippet-hint = Fügen Sie dies direkt vor </body> auf jeder Seite ein, die den Chat zeigen soll.
sites-identity-snippets = Angemeldete Nutzer verifizieren
sites-identity-hint = Ihr Backend berechnet einen HMAC-SHA256 der Nutzer-ID mit dem Identitätsschlüssel der Website (auf der Sicherheitsseite) und gibt der Seite die ID und diesen Hash. Der Schlüssel selbst gehört nie in eine Seite.
sites-identity-no-secret = Diese Website hat noch keinen Identitätsschlüssel: Legen Sie einen auf der Sicherheitsseite an.
sites-identity-page = Auf der Seite
sites-setup-link = Teams, Geschäftszeiten und Themen
sites-texts-link = Begrüßungen und andere Texte
sites-disable-hint = Der Chat einer deaktivierten Website lädt nirgends mehr; ihre Gespräche und Einstellungen bleiben erhalten.
sites-disable = Website deaktivieren
sites-enable = Website aktivieren
sites-staff = Mitarbeitende dieser Website
sites-staff-hint = Angehakte Konten beantworten die Kundschaft dieser Website. Wer entfernt wird, verlässt auch die Teams dieser Website.
sites-staff-all = alle Websites
sites-staff-save = Mitarbeitende speichern
sites-saved-staff = Mitarbeitende gespeichert.
error-default-not-offered = Die Standardsprache muss eine der angebotenen Sprachen sein.

# Closed loop: intake, deadlines, case panel
intake-heading = Worum geht es?
intake-category-label = Thema
intake-category-placeholder = Thema wählen
fact-required = (Pflichtfeld)
fact-choose-country = Land wählen
widget-reply-by = Wir antworten bis { $time } (Ihre Ortszeit).
widget-confirm-question = Wir haben Ihr Anliegen als gelöst markiert. Ist Ihr Problem gelöst?
widget-confirm-yes = Ja, gelöst
widget-confirm-no = Nein, noch nicht
widget-confirmed = Danke für Ihre Bestätigung. Schreiben Sie uns jederzeit wieder.
widget-rating-question = Wie zufrieden waren Sie? Bitte bewerten Sie dieses Gespräch.
widget-rating-star = { $score ->
    [one] { $score } Stern
   *[other] { $score } Sterne
}
widget-rating-comment = Möchten Sie noch etwas ergänzen? (optional)
widget-rating-send = Bewertung senden
widget-rating-thanks = Vielen Dank für Ihre Rückmeldung!
widget-fees-open = Versandkostenrechner
widget-fees-line = Versandart
widget-fees-rate = Erste { $first_weight }: { $first_price }, jede weitere { $step_weight }: { $step_price }
widget-fees-max = bis { $max_weight }
widget-fees-weight = Paketgewicht in kg
widget-fees-result = Voraussichtliche Kosten: { $price }
widget-fees-weight-invalid = Bitte geben Sie das Gewicht in Kilogramm an, zum Beispiel 1,5.
widget-fees-too-heavy = Über { $max_weight } – bitte fragen Sie uns nach einem Angebot.
priority = { $priority ->
    [urgent] Dringend
    [routine] Standard
   *[consultation] Beratung
}
actions-label = Aktionen zur Unterhaltung
conversation-action = { $action ->
    [assign] Übernehmen
    [unassign] Zurück in die Warteschlange
    [start] Bearbeitung beginnen
    [wait_for_customer] Auf Kunden warten
    [resolve] Als gelöst markieren
    [reopen] Wieder öffnen
   *[archive] Archivieren
}
duration = { $hours ->
    [0] { $minutes ->
        [0] { $seconds } s
       *[other] { $minutes } min { $seconds } s
    }
   *[other] { $hours } h { $minutes } min
}
clock-due-in = fällig in { $time }
clock-overdue = seit { $time } überfällig
clock-email-target = E-Mail-Ziel
clock-kind = { $kind ->
    [first_response] Erste Antwort
    [next_response] Nächste Antwort
    [progress_update] Zwischenstand
    [acceptance] Übernahme durch das Fachteam
    [registration] Beschwerde erfassen
    [resolution] Lösung
   *[follow_up] Nachfassen
}
clock-phase = { $phase ->
    [paused] Pausiert
    [met] Eingehalten
    [breached] Verfehlt
   *[cancelled] Entfallen
}
case-heading = Vorgang
case-category = Thema: { $name }
case-clocks = Fristen
case-facts = Wichtige Angaben
case-save-facts = Angaben speichern
case-history = Verlauf
case-actor = { $actor ->
    [customer] Kunde
    [system] Parley
   *[staff] Team
}
case-transition = { $to } · { $who }
alert-due-soon = { $clock } bald fällig: { $visitor }
alert-breached = { $clock } überfällig: { $visitor }

# Inbox filters
inbox-filters = Posteingangsfilter
inbox-any = Alle
inbox-filter-view = Anzeigen
inbox-filter-sla = Frist
inbox-filter-priority = Priorität
inbox-filter-category = Thema
inbox-filter-language = Sprache
inbox-filter-tier = Kundenstufe
inbox-filter-sort = Sortieren nach
inbox-view = { $view ->
    [mine] Meine
    [unassigned] Nicht zugewiesen
   *[all] Alle
}
inbox-sla = { $sla ->
    [due_soon] Bald fällig
   *[breached] Überfällig
}
inbox-sort = { $sort ->
    [due] Frist
   *[activity] Letzte Aktivität
}
tier = { $tier ->
    [core] Schlüsselkunde
    [important] Wichtig
   *[ordinary] Standard
}
case-team = Team: { $name }
case-transfer = Weitergeben
case-transfer-team = Team
case-transfer-agent = Mitarbeiter
case-transfer-queue = Warteschlange des Teams (ohne Zuständigen)
case-transfer-note = Übergabenotiz
case-transfer-submit = Weitergeben
availability-label = Deine Verfügbarkeit
availability = { $availability ->
    [available] Verfügbar
    [away] Abwesend
   *[offline] Offline
}
staff-link = Team und Zuweisung
staff-title = Team und Zuweisung
staff-intro = Gespräche gehen an verfügbare Mitarbeitende mit geöffnetem Desk, im Team des Gesprächs, in ihrer Schicht und mit der Fähigkeit für das Thema; zuerst an jene, die die Sprache der Kundschaft sprechen, dann an die mit der geringsten Auslastung.
staff-new = Mitarbeiter:in hinzufügen
staff-name = Name
staff-role = Rolle
staff-role-name = { $role ->
    [junior] Junior-Support
    [senior] Senior-Support
    [supervisor] Teamleitung
    [admin] Administration
   *[mid] Support
}
staff-create = Konto anlegen
staff-languages = Antwortet auf
staff-teams = Teams
staff-skills = Fähigkeiten (durch Kommas getrennt)
staff-capacity = Gespräche gleichzeitig
staff-save = Profil speichern
case-customer = Kunde
case-customer-tier = Kundenstufe
case-customer-owner = Feste Ansprechperson (Schlüsselkunden)
case-customer-no-owner = Keine
case-customer-save = Kunde speichern
case-past = Frühere Gespräche
case-past-none = Keine früheren Gespräche.
widget-queue-position = { $waiting ->
    [one] Sie sind als Nächstes dran.
   *[other] Sie sind auf Platz { $position } von { $waiting } in der Warteschlange.
}
widget-staff-online = Unser Team ist jetzt online.
widget-staff-offline = Unser Team ist gerade nicht da; Ihre Nachricht ist sicher gespeichert und wir antworten, sobald wir zurück sind.
error-profile-invalid = Bitte Name, E-Mail, Fähigkeiten, Teams und Kapazität prüfen.
error-password-too-short = Das Passwort muss mindestens 12 Zeichen lang sein.
error-email-taken = Es gibt bereits ein Konto mit dieser E-Mail-Adresse.
compliance-blocked = „{ $phrase }“ darf auf dieser Website nicht gesendet werden. Bitte formuliere die Antwort um.
compliance-warning = „{ $phrase }“ steht auf der Liste der zu vermeidenden Formulierungen. Trotzdem senden?
compliance-send-anyway = Trotzdem senden
compliance-edit = Antwort bearbeiten
staff-compliance = Formulierungen, die das Team nicht senden darf
staff-compliance-hint = Eine Formulierung pro Zeile. Eine Zeile mit ! am Anfang sperrt die Antwort; andere Zeilen warnen, und die Antwort kann nach Bestätigung gesendet werden.
staff-compliance-version = Richtlinienversion { $version }
staff-compliance-save = Formulierungen speichern
error-compliance-blocked = Die Antwort enthält eine auf dieser Website verbotene Formulierung und wurde nicht gesendet.
error-compliance-warning = Die Antwort enthält eine zu vermeidende Formulierung; zum Senden bitte bestätigen.
case-ratings = Bewertung der Kundin / des Kunden
case-rating-score = { $score } von 5
case-notes = Interne Notizen
case-note-label = Notiz für Kolleg:innen (für die Kundschaft unsichtbar; @Name erwähnt jemanden)
case-note-save = Notiz hinzufügen
mention-alert = { $name } hat dich in einer Notiz erwähnt
canned-label = Textbaustein einfügen
canned-unfilled = Vor dem Senden ergänzen: { $names }
staff-canned = Textbausteine
staff-canned-hint = Vorbereitete Antworten je Sprache. Variablen wie {"{"}order_number{"}"}, {"{"}waybill_number{"}"} und {"{"}agent_name{"}"} werden aus dem Gespräch ausgefüllt; ein leeres Feld entfernt die Sprache.
staff-canned-new = Neuer Textbaustein
staff-canned-key = Name (Kleinbuchstaben, Ziffern und Bindestriche)
staff-canned-save = Baustein speichern
error-reply-key-invalid = Der Name eines Textbausteins darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten (höchstens 40) und nicht "greeting" lauten.
upload-busy = Wird hochgeladen …
upload-remove = { $name } entfernen
upload-photo = Datei der Kundschaft
error-attachment-too-large = Die Datei ist zu groß (höchstens 10 MB).
error-attachment-type = Bitte ein Foto (JPEG, PNG, GIF, WebP) oder ein PDF anhängen.
error-storage-quota = Diese Website kann gerade keine weiteren Dateien annehmen. Bitte beschreiben Sie das Problem in Worten; das Team fragt nach Fotos, wenn nötig.
texts-topics = Themen und ihre Formularfelder
texts-topic = Thema / Feld
texts-topics-missing = { $count ->
    [0] Alle Themen und Feldnamen sind übersetzt.
    [one] Ein Name oder Feldname ist noch nicht übersetzt; die Kundschaft sieht ihn auf { $fallback }.
   *[other] { $count } Namen oder Feldnamen sind noch nicht übersetzt; die Kundschaft sieht sie auf { $fallback }.
}
setup-title = Teams, Themen und Fristen
setup-intro = Worauf Zuweisung und SLA-Uhren beruhen. Jeder Teil wird einzeln gespeichert und vorher geprüft; eine Ablehnung nennt die Stelle des Problems.
setup-part = { $part ->
    [teams] Regionale Teams
    [topics] Themen und ihre Formulare
    [fees] Versandkostenrechner
    [compensation] Befugnisse für Entschädigungen und Wechselkurse
    [root_causes] Ursachen von Beschwerden
   *[targets] SLA-Fristen
}
setup-hint = { $part ->
    [teams] Je Team: Name, Kalender (time_zone; shifts mit day mon–sun und start/end HH:MM, ein Ende am oder vor dem Beginn läuft über Mitternacht; closures als JJJJ-MM-TT) und optional die E-Mail der Teamleitung und der Rufbereitschaft. Nicht aufgeführte Teams bleiben erhalten.
    [topics] Je Thema: key, Namen je Sprache, priority (urgent, routine, consultation), complaint, fields (key, kind text/number/date/country/reference/upload, required, labels, pattern), Teamname und Fähigkeit.
    [fees] Je Preiszeile: key, Namen je Sprache, currency (ISO-4217-Code wie CNY, EUR oder JPY), first_kg und first_price, step_kg und step_price (für jede weitere angefangene Stufe) und optional max_kg. Preise in der Haupteinheit der Währung, z. B. "9.90".
    [compensation] reference_currency (ISO 4217, USD, sofern Sie keine andere wählen), junior und mid: was eine Junior- bzw. Mid-Kraft allein gewährt, in dieser Währung; rates: currency, from (JJJJ-MM-TT oder eine volle Uhrzeit) und rate (Wert einer Einheit in der Referenzwährung, bis zu 6 Nachkommastellen). Kurse werden ergänzt, nie geändert: Tragen Sie einen neuen ab einem späteren Zeitpunkt ein.
    [root_causes] Je Ursache: key (Kleinbuchstaben, Ziffern, _ oder -) und Namen je Sprache. Beim Abschließen einer Beschwerde wird eine gewählt. Eine leere Liste ([]) ergibt die Standardursachen.
   *[targets] Minuten je Frist (Erstantwort nach Priorität, erste Chat-Antwort, Folgeantwort, Zwischenstand, Beschwerdeerfassung, Lösung nach Priorität), follow_up_working_days und warn_percent.
}
setup-save = Speichern
setup-json = Massenbearbeitung (JSON)
setup-json-hint = Dieselbe Einrichtung als JSON, zum Kopieren zwischen Websites oder um viele Einträge auf einmal zu bearbeiten. Die Formulare oben und diese Felder speichern dieselben Daten.
setup-targets = SLA-Ziele
setup-targets-hint = Wie schnell das Team antworten und lösen muss, je Priorität. Die Uhren laufen nach den Geschäftszeiten des jeweiligen Teams.
setup-unit =
    { $unit ->
        [days] Arbeitstage
        [pct] %
       *[min] Minuten
    }
setup-target-urgent-first-response = Erste Antwort, dringend
setup-target-routine-first-response = Erste Antwort, normal
setup-target-consultation-first-response = Erste Antwort, Beratung
setup-target-chat-first-reply = Erste Antwort im Chat
setup-target-complaint-first-reply = Erste Antwort im Chat bei einer Beschwerde
setup-target-next-response = Antwort auf eine spätere Nachricht
setup-target-progress-update = Zwischenstand mindestens alle
setup-target-complaint-registration = Beschwerde in Bearbeitung genommen binnen
setup-target-escalation-acceptance = Eskalation vom Fachteam übernommen innerhalb von
setup-target-urgent-resolution = Lösung, dringend
setup-target-routine-resolution = Lösung, normal
setup-target-consultation-resolution = Lösung, Beratung
setup-target-follow-up-working-days = Nachfassen nach der Lösung
setup-target-warn-percent = Warnen, wenn dieser Anteil eines Ziels verstrichen ist
setup-fees-hint = Jede Zeile bepreist ein Gewicht: die erste Stufe, dann jede angefangene weitere Stufe, bis zu einem optionalen Höchstgewicht. Gewichte in kg, Preise in der Hauptwährungseinheit (z. B. 9.90). Füllen Sie die leere Zeile aus, um eine hinzuzufügen; mit „Entfernen“ löschen Sie eine; ändern Sie die Positionen, um umzusortieren.
setup-fee-line = Zeile { $n }
setup-fee-new = Neue Zeile
setup-fee-key = Schlüssel (Kleinbuchstaben, Ziffern, - und _)
setup-fee-names = Name
setup-fee-currency = Währung (ISO-Code, z. B. EUR)
setup-fee-first-kg = Erste Stufe (kg)
setup-fee-first-price = Preis der ersten Stufe
setup-fee-step-kg = Jede weitere Stufe (kg)
setup-fee-step-price = Preis jeder weiteren Stufe
setup-fee-max-kg = Höchstgewicht (kg, optional)
setup-order = Position
setup-remove = Entfernen
setup-teams-hint = Jedes Team antwortet zu seinen eigenen Geschäftszeiten: Außerhalb davon und an Schließtagen stehen die SLA-Uhren. Füllen Sie das leere Team aus, um eines hinzuzufügen. Teams werden hier nie gelöscht (Gespräche und Themen können sie noch nutzen).
setup-team = Team { $n }
setup-team-new = Neues Team
setup-team-name = Name
setup-team-zone = Zeitzone (zum Suchen tippen, z. B. Europe/Berlin)
setup-shifts = Schichten
setup-shifts-hint = Eine Zeile je Schicht; mehrere an einem Tag für geteilte Schichten. Ein Ende vor oder gleich dem Beginn reicht über Mitternacht. Leere Zeilen fügen Schichten hinzu; mit „Entfernen“ löschen Sie eine.
setup-shift-day = Tag
setup-shift-start = Von
setup-shift-end = Bis
setup-closures = Schließtage
setup-closure = Geschlossen am
setup-team-supervisor = Leitung (erhält Eskalationen)
setup-team-on-call = Bereitschaft (dringende Lücken)
setup-nobody = Niemand
setup-team-kept = Um ein Team aufzulösen, ordnen Sie seine Themen einem anderen Team zu.
setup-day-mon = Montag
setup-day-tue = Dienstag
setup-day-wed = Mittwoch
setup-day-thu = Donnerstag
setup-day-fri = Freitag
setup-day-sat = Samstag
setup-day-sun = Sonntag
setup-topics-hint = Worum Kundschaft bitten kann, jeweils mit Erfassungsformular: die Angaben, die das Widget vor der ersten Nachricht abfragt. Füllen Sie das leere Thema (oder Feld) aus, um eines hinzuzufügen; mit „Entfernen“ löschen; über die Positionen umsortieren.
setup-topic = Thema { $n }
setup-topic-new = Neues Thema
setup-topic-key = Schlüssel (Kleinbuchstaben, Ziffern, - und _)
setup-topic-names = Name je Sprache
setup-topic-priority = Priorität
setup-topic-team = Team
setup-topic-skill = Für die Zuweisung nötige Fähigkeit (optional)
setup-topic-complaint = Eine Beschwerde (Erfassungsuhr und Nachfassen)
setup-field = Feld { $n }
setup-field-new = Neues Feld
setup-field-key = Schlüssel
setup-field-kind = Art
setup-field-labels = Beschriftung je Sprache
setup-field-pattern = Muster (Referenzen: ein regulärer Ausdruck für den ganzen Wert)
setup-field-example = Beispiel (als Platzhalter gezeigt)
setup-field-required = Pflichtfeld
setup-kind-text = Text
setup-kind-number = Zahl
setup-kind-date = Datum
setup-kind-country = Land
setup-kind-reference = Referenz (Bestellung, Sendung …)
setup-kind-upload = Fotos oder Dateien
setup-priority-urgent = Dringend
setup-priority-routine = Normal
setup-priority-consultation = Beratung
error-config-invalid = Diese Einstellungen können nicht gespeichert werden. Bitte die genannte Stelle prüfen:

# Issue 5: second factor, sessions, audit log
code-heading = Anmeldecode eingeben
code-hint = Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code für Parley oder einen Ihrer Wiederherstellungscodes ein.
code-label = Code
code-submit = Anmelden
enrol-heading = Zweistufige Anmeldung
enrol-required = Ihre Rolle erfordert die zweistufige Anmeldung. Richten Sie sie ein, um fortzufahren.
enrol-hint = Scannen Sie den QR-Code mit einer Authenticator-App oder geben Sie den Schlüssel ein, dann den 6-stelligen Code, den sie anzeigt.
enrol-qr = QR-Code für Ihre Authenticator-App
enrol-secret = Schlüssel:
enrol-submit = Einschalten
password-heading = Passwort
password-current = Aktuelles Passwort
password-new = Neues Passwort
password-rules = Mindestens 12 Zeichen; kein verbreitetes Passwort, nicht Ihre E-Mail-Adresse oder Ihr Name. Ihre anderen Sitzungen enden mit der Änderung.
password-submit = Passwort ändern
password-required = Eine Administratorin oder ein Administrator bittet Sie, vor dem Weiterarbeiten ein neues Passwort zu wählen.
security-title = Sicherheit
security-totp-on = Die zweistufige Anmeldung ist eingeschaltet.
security-totp-off = Die zweistufige Anmeldung ist ausgeschaltet.
security-recovery-left = { $count } unbenutzte Wiederherstellungscodes übrig.
security-fresh-codes = Ihre Wiederherstellungscodes. Bewahren Sie sie sicher auf: Jeder gilt einmal, und sie werden nur jetzt angezeigt.
security-sessions = Ihre Sitzungen
security-session-current = dieser Browser
security-revoke-others = Überall sonst abmelden
security-policy = Regel für die zweistufige Anmeldung
security-policy-hint = Rollen, die sich zweistufig anmelden müssen
audit-title = Prüfprotokoll
audit-action = Aktion
audit-actor = Wer
audit-conversation = Gespräch
audit-from = Von
audit-until = Bis
audit-apply = Filtern
audit-export = Exportieren (JSON)
audit-count = { $count } Einträge
audit-when = Wann
audit-detail = Details
audit-ip = Adresse
staff-unlock = Entsperren
staff-reset-totp = Zweistufige Anmeldung zurücksetzen
staff-end-sessions = Überall abmelden
staff-require-password = Neues Passwort verlangen
error-password-common = Dieses Passwort ist zu verbreitet oder zu leicht zu erraten. Wählen Sie ein anderes.
error-account-locked = Zu viele fehlgeschlagene Anmeldungen: Das Konto ist vorübergehend gesperrt. Versuchen Sie es später oder wenden Sie sich an die Administration.
error-too-many-attempts = Zu viele fehlgeschlagene Anmeldungen von hier. Bitte warten Sie einige Minuten.
error-code-invalid = Dieser Code ist ungültig. Geben Sie den aktuellen 6-stelligen Code oder einen unbenutzten Wiederherstellungscode ein.
error-csrf-invalid = Dieses Formular ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.
error-conversation-forbidden = Sie haben keinen Zugriff auf dieses Gespräch.
error-read-only = Sie dürfen dieses Gespräch nur lesen.

# Issue 5: personal data, consent, retention, identity
contact-field = { $field ->
    [email] E-Mail
    [phone] Telefon
    [address] Adresse
   *[name] Name
}
contact-heading = Kunde
contact-none = Keine Kontaktdaten angegeben.
contact-verified = Angemeldeter Nutzer der Website: { $user }
contact-consent = Einwilligung erteilt:
customer-export = Kundendaten exportieren (JSON)
customer-erase-confirm = Ich bestätige, dass der Kunde die Löschung seiner Daten verlangt hat
customer-erase = Kundendaten löschen
contact-offer = Kontaktdaten hinterlassen
contact-update = Kontaktdaten ändern
contact-saved = Ihre Kontaktdaten sind gespeichert.
contact-notice = Wir erfragen Name, E-Mail, Telefon und Adresse nur, um Ihnen zu antworten und Ihr Anliegen weiterzuverfolgen. Sie werden verschlüsselt gespeichert, nur den bearbeitenden Mitarbeitenden gezeigt und { $days } Tage nach Abschluss Ihres Anliegens gelöscht.
contact-consent-label = Ich willige ein, dass meine Kontaktdaten dafür verwendet werden.
contact-submit = Daten speichern
contact-cancel = Abbrechen
privacy-heading = Datenschutz: { $site }
privacy-retention = Personenbezogene Daten aufbewahren (Tage nach Abschluss eines Anliegens)
privacy-retention-hint = Danach werden Kontaktdaten, Nachrichtentexte, Formularangaben und Dateien vernichtet; ein Vernichtungsnachweis bleibt.
privacy-identity-required = Nur angemeldete Nutzer der Website dürfen chatten (verifizierte Identität erforderlich)
privacy-identity-hint = Ihr Backend signiert die Nutzer-ID mit diesem Geheimnis (HMAC-SHA256, hex) und setzt sie in data-user-hash neben data-user-id.
privacy-identity-secret = Identitätsgeheimnis:
privacy-new-secret = Neues Geheimnis erzeugen (das alte gilt nicht mehr)
error-consent-required = Bitte setzen Sie das Häkchen zur Einwilligung, bevor Sie Ihre Daten senden.
error-contact-invalid = Bitte prüfen Sie dieses Feld.
error-identity-invalid = Der Chat konnte Ihre Identität nicht bestätigen. Bitte melden Sie sich erneut auf der Website an.
error-rating-invalid = Bitte wählen Sie 1 bis 5 Sterne.
error-already-rated = Sie haben dieses Gespräch bereits bewertet. Vielen Dank!

# Issue 5: break-glass access
access-heading = Zugriffsanfragen
access-reason-label = Warum müssen Sie Gespräch #{ $id } sehen? Eine Teamleitung entscheidet; der Zugriff ist nur lesend, befristet und wird protokolliert.
access-request = Lesezugriff anfragen
access-pending = Ihre Anfrage zu Gespräch #{ $id } wartet auf eine Teamleitung.
access-approved = Lesezugriff auf Gespräch #{ $id } bis
access-denied = Ihre Anfrage zu Gespräch #{ $id } wurde abgelehnt.
access-open = Öffnen
access-asks = { $agent } bittet um Einsicht in Gespräch #{ $id }:
access-duration = Für
access-minutes = { $minutes } Minuten
access-approve = Genehmigen
access-deny = Ablehnen
read-only-banner = Nur-Lese-Zugriff (Notfallzugriff), protokolliert, bis
staff-sites = Websites (Schlüssel, durch Kommas getrennt; leer: alle)

## Entschädigung (Issue 18)
notice-compensation-granted = { $kind ->
    [refund] Wir erstatten Ihnen { $amount }.
    [coupon] Sie erhalten einen Gutschein über { $amount }.
    [reshipment] Wir senden Ihre Bestellung erneut (Wert { $amount }).
   *[other] Sie erhalten eine Entschädigung im Wert von { $amount }.
}
notice-compensation-refused = Es tut uns leid: Die Entschädigung über { $amount } konnte nicht genehmigt werden. Ihr Ansprechpartner erklärt Ihnen die nächsten Schritte.
compensation-heading = Entschädigung
compensation-kind = { $kind ->
    [refund] Erstattung
    [coupon] Gutschein
    [reshipment] Neuversand
   *[other] Sonstiges
}
compensation-kind-label = Art
compensation-amount = Betrag
compensation-currency = Währung (ISO-Code)
compensation-reason = Begründung
compensation-major-label = Schwere Beschwerde (hohe Forderung oder Markenrisiko): Die Leitung entscheidet
compensation-limit = Sie gewähren allein bis { $amount }; darüber genehmigt eine Teamleitung.
compensation-no-limit = Sie gewähren jeden Betrag allein, außer bei schweren Beschwerden.
compensation-propose = Entschädigung vorschlagen
compensation-reference = (= { $amount })
compensation-major = schwere Beschwerde
compensation-proposed = Vorgeschlagen von { $who }
compensation-decided = { $outcome ->
    [granted] Gewährt von { $who }: { $amount }
    [approved] Genehmigt von { $who }: { $amount }
    [reduced] Von { $who } gekürzt auf { $amount }
   *[refused] Abgelehnt von { $who }
}
compensation-waiting = { $stage ->
    [supervisors] Wartet auf eine Teamleitung
    [on_call] Wartet auf die Rufbereitschaft
   *[management] Wartet auf die Leitung
}, { $left }
compensation-decide-reason = Begründung (nötig zum Kürzen oder Ablehnen)
compensation-reduce-to = Kürzen auf ({ $currency })
compensation-approve = Genehmigen
compensation-reduce = Kürzen
compensation-refuse = Ablehnen
compensation-approvals = Entschädigungen, die auf Ihre Entscheidung warten
case-escalate = An die Fachleute dieses Teams eskalieren (Übernahme innerhalb einer Stunde; die Kundin oder der Kunde wird informiert)
case-complex = Komplexe Frage: alle 30 Minuten ein Zwischenstand an die Kundschaft
notice-escalated = { $owner ->
    [none] Ihre Frage liegt jetzt bei unseren Fachleuten ({ $team }).
   *[other] Ihre Frage liegt jetzt bei { $owner } aus unserem Fachteam { $team }.
}
notice-escalated-by = Sie hören bis { $time } von uns.

## Beschwerdebuch (Issue 18)
complaints-title = Beschwerden
analysis-title = Monatliche Beschwerdeauswertung
complaint-heading = Beschwerde
complaint-step = { $step ->
    [raised] Eingegangen
    [registered] Erfasst
    [investigated] Untersucht
    [resolved] Gelöst
    [answered] Beantwortet
   *[closed] Abgeschlossen
}
complaint-clock = { $clock ->
    [registration] Erfassung (1 Geschäftsstunde)
    [investigation] Untersuchung (2 Arbeitstage)
    [answer] Antwort an die Kundschaft (1 Arbeitstag)
   *[follow_up] Nachfassen (3 Arbeitstage)
}
complaint-standing = { $standing ->
    [met] eingehalten
    [breached] verspätet
    [overdue] überfällig
    [due_soon] bald fällig
   *[running] läuft
}
complaint-owner = Zuständig: { $name }
complaint-open = Im Beschwerdebuch öffnen
complaint-summary = Worum es in der Beschwerde geht
complaint-major = Schwer (hohe Forderung oder Markenrisiko)
complaint-raise = Beschwerde erfassen
complaint-alert = { $breached ->
    [true] Beschwerde #{ $id }: { $clock } ist überfällig
   *[other] Beschwerde #{ $id }: { $clock } ist bald fällig
}
complaint-case = Beschwerde #{ $id }
complaint-result = Ergebnis
complaint-cause = Ursache
complaint-note = Notiz (optional)
complaint-history = Verlauf
complaint-history-line = { $action ->
    [raised] Eingegangen
    [registered] Erfasst
    [investigated] Untersucht
    [resolved] Gelöst
    [answered] Beantwortet
    [closed] Nachgefasst und abgeschlossen
    [linked] Gespräch verknüpft
   *[owner] Zuständigkeit oder Schwere geändert
} { $who }
complaint-take-step = { $step ->
    [registered] Erfassen und übernehmen
    [investigated] Als untersucht markieren
    [resolved] Als gelöst markieren
    [answered] Als beantwortet markieren
   *[closed] Nachgefasst – abschließen
}
complaint-severity = { $severity ->
    [major] Schwer
   *[ordinary] Gewöhnlich
}
complaint-root-cause = { $key ->
    [carrier_delay] Verzögerung beim Versanddienst
    [damaged_in_transit] Beim Transport beschädigt
    [lost_parcel] Paket verloren
    [wrong_item] Falscher Artikel
    [product_defect] Produktmangel
    [customs] Zoll
    [billing_error] Abrechnungsfehler
    [staff_conduct] Verhalten des Personals
    [website_error] Fehler der Website
   *[other] Sonstiges
}
complaints-all = Alle
complaints-site = Website
complaints-state = Stand
complaints-state-option = { $state ->
    [open] Offen
    [closed] Abgeschlossen
    [raised] Eingegangen
    [registered] Erfasst
    [investigated] Untersucht
    [resolved] Gelöst
   *[answered] Beantwortet
}
complaints-overdue = Nur überfällige
complaints-category = Thema
complaints-owner = Zuständig
complaints-severity = Schwere
complaints-raised = Eingegangen
complaints-customer = Kunde
complaints-clocks = Fristen
complaints-clock = Frist
complaints-due = Fällig
complaints-done = Erledigt
complaints-standing = Stand
complaints-export = CSV herunterladen
complaints-no-topic = Kein Thema
complaints-outcome = { $outcome ->
    [granted] gewährt
    [approved] genehmigt
    [reduced] gekürzt
    [refused] abgelehnt
   *[waiting] wartet auf Genehmigung
}
analysis-month = Monat
analysis-compensation-export = Entschädigungsbuch (CSV)
analysis-share = { $complaints ->
    [one] { $complaints } Beschwerde
   *[other] { $complaints } Beschwerden
} bei { $conversations ->
    [one] { $conversations } Gespräch
   *[other] { $conversations } Gesprächen
}: { $share } (Ziel: höchstens 5 %)
analysis-by-category = Beschwerden nach Thema
analysis-by-root-cause = Beschwerden nach Ursache
analysis-on-time = Fristen rechtzeitig eingehalten
analysis-compensation = Gewährte Entschädigung nach Art
analysis-trend = Beschwerden in den letzten 12 Monaten
complaint-linked = Umfasst auch
complaint-link = Ein weiteres Gespräch dieses Kunden
complaint-link-save = Mit dieser Beschwerde verknüpfen

## API keys (issue 19)
api-keys-title = API-Schlüssel
api-keys-intro = Schlüssel, die Ihr Backend als Authorization: Bearer sendet, um über /api/v1 die Daten dieser Website zu lesen und zu ändern. Ein Schlüssel wird nur einmal gezeigt, beim Erstellen; Parley speichert nur einen Hash davon.
api-key-name = Name
api-key-scope = Umfang
api-key-scope-option = { $scope ->
    [write] Lesen und schreiben
   *[read] Nur lesen
}
api-key-create = Schlüssel erstellen
api-key-created = Kopieren Sie diesen Schlüssel jetzt: Er wird nicht noch einmal gezeigt.
api-key-prefix = Beginnt mit
api-key-last-used = Zuletzt benutzt
api-key-never = nie
api-key-state = Stand
api-key-revoke = Widerrufen
api-key-revoked = Der Schlüssel ist widerrufen: Anfragen damit werden ab jetzt abgelehnt.
api-key-revoked-at = widerrufen

api-docs-json = Das OpenAPI-3.1-Dokument (JSON)
api-docs-operations = Operationen
api-docs-types = Typen
api-docs-parameters = Parameter
api-docs-name = Name
api-docs-in = Ort
api-docs-type = Typ
api-docs-description = Beschreibung
api-docs-required = Pflicht
api-docs-body = Anfragetext
api-docs-responses = Antworten
api-docs-reference = API-Referenz

webhooks-title = Webhooks
webhooks-intro = Parley ruft diese Adressen Ihres Back-ends auf, wenn auf dieser Website etwas geschieht. Jede Zustellung ist ein JSON-POST, signiert mit dem Geheimnis des Endpunkts im Header Parley-Signature (t=Zeit,v1=HMAC-SHA256 von "Zeit.Inhalt"); prüfen Sie sie und antworten Sie mit einem 2xx-Status. Fehlgeschlagene Zustellungen werden 24 Stunden lang wiederholt.
webhooks-url = URL des Endpunkts
webhooks-events = Ereignisse
webhooks-add = Endpunkt hinzufügen
webhooks-none = Noch keine Endpunkte.
webhooks-secret = Signaturgeheimnis
webhooks-failing = Zustellungen schlagen seit einem Tag fehl, aufgegeben seit
webhooks-healthy = Zustellungen kommen an.
webhooks-remove = Entfernen
webhooks-log = Letzte Zustellungen
webhooks-event = Ereignis
webhooks-when = Wann
webhooks-attempts = Versuche
webhooks-answer = Antwort
webhooks-redeliver = Erneut senden
webhooks-state = { $state ->
    [delivered] Zugestellt
    [given-up] Aufgegeben
   *[pending] Wartet auf den nächsten Versuch
}
webhooks-done = { $what ->
    [added] Der Endpunkt wurde hinzugefügt.
    [removed] Der Endpunkt wurde entfernt.
   *[redelivered] Die Zustellung wird erneut gesendet.
}
lookup-title = Bestellabfrage (Sendung verfolgen)
lookup-intro = Wenn ein Kunde im Widget eine Bestellung verfolgt oder ein Mitarbeiter sie im Fallbereich nachschlägt, sendet Parley die Bestellnummer, die Benutzer-ID des Kunden (oder die angegebene E-Mail-Adresse bzw. Postleitzahl) und seine Sprache als JSON an diese Adresse, signiert wie ein Webhook, und zeigt die Schritte aus der Antwort. Leer lassen schaltet die Verfolgung ab.
lookup-save = Bestellabfrage speichern
track-title = Sendung verfolgen
track-order = Bestell- oder Sendungsnummer
track-contact = E-Mail-Adresse oder Postleitzahl der Bestellung
track-submit = Verfolgen
track-order-is = Bestellung { $order }
track-eta = Erwartet: { $when }
track-step = { $kind ->
    [accepted] Bestellung angenommen
    [in_transit] Unterwegs
    [customs] Beim Zoll
    [out_for_delivery] In Zustellung
    [delivered] Zugestellt
    [exception] Aufgehalten
   *[returned] Auf dem Rückweg zum Absender
}

## Help centre (issue 20)
help-files = Downloads
help-title = Hilfe-Center
help-search-label = Im Hilfe-Center suchen
help-search-button = Suchen
help-results = Ergebnisse für „{ $query }“
help-no-results = Kein Artikel passt. Versuchen Sie andere Wörter oder fragen Sie uns im Chat.
help-back = Alle Artikel
help-other-articles = Weitere Artikel
help-shown-in = Diesen Artikel gibt es noch nicht in Ihrer Sprache; er wird auf { $language } angezeigt.
help-languages = Andere Sprachen

## Knowledge base at the desk (issue 20)
kb-suggest = Artikel
kb-suggest-search = Artikel suchen
kb-suggest-none = Kein Artikel passt. Suchen Sie mit anderen Wörtern.
kb-insert-link = Link einfügen
kb-insert-text = Text einfügen
kb-files = Dateien
kb-file-add = Datei anhängen (PDF oder Bild, bis 10 MB)
kb-file-remove = Entfernen
kb-uploading = Wird hochgeladen …
kb-title = Wissensdatenbank
kb-intro = Artikel, die Kunden im Widget, im Hilfe-Center und in den Antworten des Bots finden, eine Fassung je Sprache. Eine Änderung gilt sofort.
kb-new = Neuer Artikel
kb-edit = Artikel bearbeiten
kb-articles = Artikel
kb-none = Noch keine Artikel.
kb-slug = Adresse (a–z, 0–9, Bindestriche)
kb-collection = Sammlung
kb-no-collection = Keine Sammlung
kb-locale = Sprache
kb-article-title = Titel
kb-body = Text
kb-body-hint = Eine Leerzeile beginnt einen neuen Absatz; eine Zeile mit „- “ am Anfang ist ein Listenpunkt.
kb-published = Veröffentlicht (Kunden sehen ihn)
kb-save = Speichern
kb-preview = Vorschau
kb-history = Verlauf
kb-remove = Artikel entfernen
kb-saved = Gespeichert. Kunden sehen die Änderung jetzt.
kb-removed = Artikel entfernt.
kb-views = Aufrufe
kb-helpful = Hat geholfen
kb-not-helpful = Hat nicht geholfen
kb-offered = Bot-Antworten
kb-help-centre-link = Hilfe-Center öffnen
kb-figures = Letzte 30 Tage: { $alone } Gespräche allein vom Bot beantwortet, { $handed } an einen Menschen übergeben.
kb-fallback-note = Noch nicht auf { $language } geschrieben: Kunden, die { $language } lesen, sehen die Fassung auf { $fallback }.
kb-state = { $state ->
    [live] veröffentlicht
    [draft] Entwurf
   *[missing] fehlt
}
kb-action = { $action ->
    [published] veröffentlicht
    [unpublished] zurück zum Entwurf
    [file_added] Datei angehängt
    [file_removed] Datei entfernt
    [moved] Adresse oder Sammlung gesetzt
    [removed] entfernt
   *[saved] gespeichert
}

## The bot (issue 20)
bot-name = Assistent
bot-answer = Dieser Artikel beantwortet vielleicht Ihre Frage:
bot-answer-more = Falls nicht, wählen Sie „Mit einem Menschen sprechen“ oder fragen Sie mit anderen Worten.
bot-fetching = Ich hole einen Menschen für Sie. Jemand aus unserem Team antwortet Ihnen hier.
bot-no-answer = Dazu habe ich in unserem Hilfecenter keine Antwort gefunden, deshalb hole ich einen Menschen für Sie. Jemand aus unserem Team antwortet Ihnen hier.
help-vote-question = Hat Ihnen das geholfen?
help-vote-yes = Ja
help-vote-no = Nein
help-vote-thanks = Danke für Ihre Rückmeldung.
help-talk-to-person = Mit einem Menschen sprechen
kb-bot-label = Der Bot beantwortet Kundenfragen mit diesen Artikeln
kb-bot-hint = Ist er sich einer Antwort sicher, schickt er den Artikel; sonst, oder auf Wunsch, übergibt er das Gespräch an einen Menschen, und die Fristen beginnen dann. Ausgeschaltet übergibt er alles, was er hält.
kb-bot-save = Speichern
kb-bot-on = Der Bot ist eingeschaltet.
kb-bot-off = Der Bot ist ausgeschaltet; seine Gespräche sind in der Warteschlange.
case-bot = Der Bot
case-bot-holding = Der Bot antwortet; bis zur Übergabe läuft keine Frist.
case-bot-handed = Der Bot hat um { $time } übergeben.
case-bot-answered = Der Bot hat geantwortet.
case-bot-verdict = { $verdict ->
    [yes] hilfreich
    [no] nicht hilfreich
   *[none] noch keine Antwort
}
widget-help = Hilfe
widget-help-close = Hilfe schließen
widget-talk-to-person = Mit einem Menschen sprechen
widget-read-article = Artikel lesen

reports-title = Service-Berichte
report-from = Von
report-until = Bis
report-tz = Zeitzone
report-by = Aufteilen nach
report-period = Verlauf nach
report-dimension = { $by ->
    [agent] Mitarbeiter
    [team] Team
    [region] Region der Kunden
    [language] Sprache
    [category] Thema
   *[priority] Priorität
}
report-period-name = { $period ->
    [day] Tag
    [week] Woche
   *[month] Monat
}
report-metric = { $metric ->
    [conversations] Gespräche
    [response_rate] Antwortquote
    [on_time_first_response] Pünktliche Erstantworten
    [resolution_rate] Lösungsquote
    [first_contact_resolution] Lösung beim ersten Kontakt
    [first_response_mean] Mittlere Erstantwortzeit
    [first_response_p90] Erstantwortzeit, 90. Perzentil
    [csat] Zufriedenheit (CSAT)
    [ratings] Bewertungen
    [complaint_rate] Beschwerdequote
    [complaint_resolution_time] Bearbeitungszeit von Beschwerden
    [follow_up_completion] Pünktliche Nachfassaktionen
   *[qa_score] QA-Bewertung
}
report-verdict = { $met ->
    [yes] Ziel erreicht
   *[no] Ziel verfehlt
} ({ $metric ->
    [on_time_first_response] mindestens 95 %
    [resolution_rate] mindestens 90 %
    [csat] mindestens 4,5
    [complaint_rate] höchstens 5 %
   *[complaint_resolution_time] innerhalb von 24 h
})
report-none = { $by ->
    [agent] Nicht zugewiesen
    [team] Kein Team
    [region] Unbekannte Region
    [language] Unbekannte Sprache
    [category] Kein Thema
   *[priority] Keine
}
report-region = { $area ->
    [Europe] Europa
    [Asia] Asien
    [America] Amerika
    [Africa] Afrika
    [Australia] Australien
    [Pacific] Pazifik
    [Atlantic] Atlantik
    [Indian] Indischer Ozean
   *[Antarctica] Antarktis
}
report-total = Alle Gespräche
report-scope-site = Die ganze Website
report-scope-teams = Ihre Teams und die allgemeine Warteschlange
report-in-zone = Tage in { $tz }
report-export = { $table ->
    [slices] Tabelle nach Aufteilung herunterladen (CSV)
   *[trend] Verlaufstabelle herunterladen (CSV)
}
report-trend-title = { $period ->
    [day] Tag für Tag
    [week] Woche für Woche
   *[month] Monat für Monat
}
report-slices-title = Nach { $by }
report-chart-title = { $metric } nach { $by }
report-table-title = Alle Kennzahlen nach { $by }
chart-summary = { $count } Zeilen. Höchster Wert: { $high } ({ $high_value }); niedrigster: { $low } ({ $low_value }).
chart-empty = Für diesen Zeitraum gibt es nichts anzuzeigen.
report-audit-title = Monatliche Prüfung des Audit-Protokolls
report-audit-owed = { $count ->
    [0] Jeder abgeschlossene Monat des Audit-Protokolls ist geprüft.
    [one] Ein Monat des Audit-Protokolls ist noch nicht geprüft.
   *[other] { $count } Monate des Audit-Protokolls sind noch nicht geprüft.
}
report-audit-open = Audit-Protokoll von { $month }
report-audit-note = Was Sie geprüft und gefunden haben
report-audit-mark = Als geprüft markieren
report-audit-reviewed = { $month } geprüft von { $name }
report-audit-done = { $month } ist als geprüft markiert.

qa-title = Qualitätsprüfungen
qa-done = { $done ->
    [drawn] Die Stichprobe der Woche ist gezogen.
    [added] Das Gespräch ist in der Stichprobe.
    [reviewed] Die Bewertung ist gespeichert.
   *[sheet] Der Bewertungsbogen ist gespeichert.
}
qa-week-label = Ein Tag der Woche
qa-week-title = Woche vom { $from } bis { $until } ({ $tz })
qa-previous = Vorige Woche
qa-next = Nächste Woche
qa-counts = { $closed ->
    [one] 1 Gespräch in dieser Woche abgeschlossen
   *[other] { $closed } Gespräche in dieser Woche abgeschlossen
}, { $sampled } in der Stichprobe.
qa-drawn = Gezogen mit Startwert { $seed } am
qa-drawn-early = (vor Wochenende; der Rest wird am Ende gezogen)
qa-not-drawn = Noch nicht gezogen: Die Stichprobe wird am Wochenende gezogen oder jetzt mit der Schaltfläche.
qa-not-drawn-ended = Noch nicht gezogen; das geschieht in wenigen Minuten oder jetzt mit der Schaltfläche.
qa-draw = Stichprobe jetzt ziehen
qa-sample-title = Stichprobe
qa-sample-none = Nichts in der Stichprobe.
qa-conversation = Gespräch { $id } ({ $agent })
qa-added-by = hinzugefügt von { $name }
qa-drawn-by-lot = gezogen
qa-own = Sie haben dieses Gespräch geführt, daher bewertet es jemand anderes.
qa-criterion = { $key ->
    [greeting] Begrüßung
    [accuracy] Richtigkeit
    [compliance] Regelkonformität
    [tone] Ton
    [resolution] Lösung
   *[other] { $key }
}
qa-criterion-weighted = { $criterion } (Gewicht { $weight })
qa-points-choose = Auswählen
qa-points-option = { $points ->
    [4] 4 — ausgezeichnet
    [3] 3 — gut
    [2] 2 — ausreichend
    [1] 1 — schwach
   *[0] 0 — fehlt
}
qa-points = { $criterion }: { $points } von 4 (Gewicht { $weight })
qa-comment = Kommentar für die Mitarbeiterin oder den Mitarbeiter
qa-review-save = Bewertung speichern
qa-reviewed-by = Gespräch { $conversation } von { $agent }, bewertet von { $name }
qa-unsampled-title = Diese Woche abgeschlossen, nicht in der Stichprobe
qa-add = Zur Stichprobe hinzufügen
qa-add-label = Gespräch { $conversation } zur Stichprobe hinzufügen
qa-sheet-title = Bewertungsbogen
qa-sheet-help = Jedes Kriterium wird mit 0 bis 4 bewertet; die Gewichte ergeben zusammen 100. Namen aus Kleinbuchstaben und Unterstrichen.
qa-sheet-key = Kriterium
qa-sheet-weight = Gewicht
qa-sheet-key-row = Kriterium { $row }
qa-sheet-weight-row = Gewicht von Kriterium { $row }
qa-sheet-save = Bogen speichern
qa-mine-title = Bewertungen meiner Gespräche
qa-mine-none = Noch keines Ihrer Gespräche wurde bewertet.

library-title = Fallbibliothek
library-similar = Ähnliche Fälle
library-search = In der Fallbibliothek suchen
library-search-button = Suchen
library-none = Kein Fall gefunden.
library-rating = Bewertet mit { $score } von 5
library-added-by = Hinzugefügt von { $name }
library-demand = Anliegen der Kundin oder des Kunden
library-solution = Lösung
library-in = Dieser Fall ist in der Fallbibliothek.
library-add-title = Diesen Fall in die Bibliothek aufnehmen
library-add-help = Schreiben Sie ihn so, dass Kolleginnen und Kollegen ihn wiederverwenden können. Name, Kontaktdaten und Kartennummern der Kundschaft werden entfernt.
library-add = In die Bibliothek aufnehmen
library-removed = Der Fall wurde aus der Bibliothek genommen.
library-remove = Aus der Bibliothek nehmen
library-remove-label = Fall { $case } aus der Bibliothek nehmen

## E-mail (issue 22): the mails customers receive, the unsubscribe page.
mail-subject-reply = Neue Antwort von { $site }
mail-subject-transcript = Ihr Gespräch mit { $site }
mail-new-reply = { $site } hat auf Ihre Nachricht geantwortet:
mail-transcript = Hier ist Ihr Gespräch mit { $site }:
mail-earlier = Früher im Gespräch
mail-you = Sie
mail-answer-hint = Antworten Sie auf diese E-Mail: Ihre Antwort landet direkt im Gespräch.
mail-continue = Im Chat auf { $site } weiterschreiben
mail-unsubscribe = Keine E-Mails mehr zu diesem Gespräch
mail-unsubscribe-title = E-Mails zu diesem Gespräch
mail-unsubscribe-confirm = Keine E-Mails mehr zu diesem Gespräch senden
mail-unsubscribed = Sie erhalten keine E-Mails mehr zu diesem Gespräch.
setup-target-email-first-reply = Erste Antwort auf eine E-Mail
message-by-email = per E-Mail
channel-email = E-Mail
channel-chat = Chat
inbox-filter-channel = Kanal
case-mail = E-Mail
case-mail-began = { $channel ->
    [email] Dieses Gespräch begann mit einer E-Mail.
   *[other] Dieses Gespräch begann im Chat.
}
case-mail-reachable = Antworten, die der Kunde im Chat verpasst, werden ihm per E-Mail geschickt.
case-mail-unreachable = Der Kunde hat keine E-Mail-Adresse hinterlassen.
case-mail-unsubscribed = Der Kunde hat die E-Mails zu diesem Gespräch abbestellt.
case-mail-kind = { $kind ->
    [transcript] Verlauf
   *[other] Antworten
}
case-mail-state = { $state ->
    [sent] gesendet
    [retrying] noch nicht gesendet ({ $attempts } Versuche)
    [given_up] aufgegeben
   *[other] in der Warteschlange
}
case-mail-transcript = Den Verlauf per E-Mail an den Kunden senden
case-mail-files = Dateien, die der Kunde per E-Mail geschickt hat
case-mail-file = { $name } · { $kb } KB · mit Nachricht { $seq }
