## Customer widget
widget-title = Chat with us
widget-greeting-default = Hi! How can we help you today?
widget-close = Close chat
widget-launcher = Chat with us
widget-message-list = Conversation
composer-label = Your message
composer-placeholder = Write a message…
composer-send = Send
typing-agent = Support is typing…
widget-you = You
message-customer = Customer
widget-support = Support

## Message delivery states
status-sending = Sending…
status-sent = Sent
status-delivered = Delivered
status-read = Read
status-failed = Not sent

## Connection
language-label = Language
connection-online = Connected
connection-reconnecting = Connection lost. Reconnecting…

## Staff desk
desk-message-list = Message history
desk-title = Parley desk
login-heading = Sign in to the desk
login-email = E-mail
login-password = Password
login-submit = Sign in
logout = Sign out
signed-in-as = Signed in as { $name }
conversations-heading = Conversations
conversations-empty = No conversations yet.
conversation-unread = { $count ->
    [one] { $count } unread message
   *[other] { $count } unread messages
}
conversation-visitor = Visitor { $label }
conversation-status = { $status ->
    [received] New
    [assigned] Assigned
    [in_progress] In progress
    [waiting_on_customer] Waiting on customer
    [resolved] Resolved
    [confirmed] Confirmed by customer
    [archived] Archived
   *[reopened] Reopened
}
conversation-pick = Pick a conversation from the list.
conversation-no-messages = No messages yet.
conversation-language = Language: { $locale }
conversation-local-time = Local time: { $time }
reply-label = Reply
reply-placeholder = Write a reply…
reply-send = Send
typing-customer = The customer is typing…

## Error codes (one per ErrorCode)
error-invalid-json = The app sent something the server could not read.
error-unknown-frame-type = The app sent a request the server does not know.
error-invalid-frame = The app sent an incomplete request.
error-frame-too-large = That was too large to send.
error-hello-required = The connection was not set up correctly. Reconnecting…
error-unsupported-version = This chat is out of date. Please reload the page.
error-unknown-site = This chat is not set up for this website.
error-origin-forbidden = This chat may not be used from this website.
error-token-invalid = Your chat session could not be verified. A new one was started.
error-token-expired = Your chat session expired. A new one was started.
error-message-empty = Write something first.
error-message-too-long = That message is too long. Please shorten it.
error-rate-limited = You're sending messages too quickly. Please wait a moment.
error-unauthorized = Please sign in again.
error-invalid-credentials = Wrong e-mail or password.
error-not-found = That conversation does not exist.
error-invalid-transition = That change is not possible in the conversation's current state.
error-fact-missing = Please fill in every required field.
error-fact-invalid = Please check the highlighted field.
error-category-required = Please choose what your question is about.
error-lagged = The connection fell behind. Catching up…
error-origin-invalid = Each allowed origin must be https://host or https://host:port (http only for localhost), or https://*.example.com for its subdomains.
error-contrast-too-low = This colour is too light: white text on it would be hard to read (WCAG AA needs 4.5:1). Choose a darker one.
error-site-name-invalid = Give the site a name of 1 to 100 characters.
error-amount-invalid = Enter a positive amount with no more decimals than the currency has.
error-currency-unknown = That is not a currency code (ISO 4217, e.g. USD, EUR, JPY).
error-rate-missing = There is no exchange rate for that currency yet: an administrator adds one on the setup page.
error-already-decided = This compensation has been decided already.
error-not-approver = You cannot decide this compensation: it is your own proposal, beyond your authority, or not addressed to you yet.
error-idempotency-conflict = This Idempotency-Key was used for a different request, or its first request is still running.
error-webhook-url-invalid = Give an http or https URL with a host, without a user name or password.
error-webhook-url-private = This address is on a private or local network; Parley does not call it.
error-webhook-limit = A site has at most 10 endpoints; remove one first.
error-tracking-not-found = We could not find that order. Check the number (and the e-mail address or postcode it was placed with).
error-tracking-unavailable = Order tracking is not available right now. Please try again in a few minutes.
error-tracking-off = This shop does not offer order tracking here.
error-slug-invalid = The address may use only lowercase letters a–z, digits and hyphens (at most 80).
error-slug-taken = Another article already has this address.
error-report-range-invalid = The dates must be real days, the first not after the last, at most 400 days apart.
error-time-zone-unknown = Unknown time zone: use a name such as Europe/Berlin or Asia/Shanghai.
error-sheet-invalid = A score sheet needs 1 to 12 criteria, each with a name of lowercase letters and weights that add up to 100.
error-own-conversation = Nobody reviews a conversation they handled themselves.
error-already-reviewed = This conversation has been reviewed already.
error-case-not-resolved = Only a resolved case can go into the case library.
error-already-in-library = This case is in the case library already.
error-no-email-address = The customer left no e-mail address.
error-mail-off = This Parley sends no e-mail (no SMTP relay is set).
error-internal = Something went wrong on our side. Please try again.

## Operator texts
texts-link = Texts for customers
texts-title = Texts for customers
texts-intro = Customers see each text in their own language. Where a language is missing, they see the { $fallback } text instead.
texts-kind = { $kind ->
    [away] Away message (while nobody can answer)
    [confirm] "Is your problem solved?" question
    [rating] Rating question (after a resolution)
   *[greeting] Greeting
}
texts-missing = Missing — customers see the { $fallback } text
texts-missing-count = { $count ->
    [0] Every language has its text.
    [one] { $count } translation missing
   *[other] { $count } translations missing
}
texts-save = Save texts
texts-saved = Texts saved.
desk-back = Back to conversations
error-forbidden = Only administrators can do that.
error-text-too-long = A text is too long (at most 1,000 characters).
texts-languages = Languages offered to customers
texts-languages-hint = Customers whose language is not offered get the default language.
texts-default = Default language
texts-languages-save = Save languages
sites-title = Sites
sites-intro = Each site is a shop or brand that embeds the chat on its own pages with one script tag.
sites-list = Your sites
sites-disabled = disabled
sites-pick = Choose a site to change its settings.
sites-create = Add a site
sites-name = Name
sites-create-button = Add site
sites-saved-created = Site added. Allow the pages that will show the chat, then paste the embed code into them.
sites-saved-settings = Settings saved. Open pages pick them up within seconds.
sites-saved-enabled = The site is enabled: its chat loads again.
sites-saved-disabled = The site is disabled: its chat no longer loads. Its conversations are kept.
sites-key = Public key
sites-origins = Pages allowed to show the chat
sites-origins-hint = One origin per line: https://shop.example.com, https://shop.example.com:8443, or https://*.example.com for all its subdomains (http:// only for localhost). Pages anywhere else get no chat.
sites-accent = Accent colour
sites-accent-hint = Used for the launcher and buttons, under white text, so it must be dark enough (contrast of at least 4.5:1, WCAG AA).
sites-position = Launcher position
sites-position-end = Bottom right (bottom left on right-to-left pages)
sites-position-start = Bottom left (bottom right on right-to-left pages)
sites-launcher = Launcher label
sites-launcher-hint = What screen readers announce for the chat button, per language.
sites-launcher-default = Not set: Parley's own label is used in this language.
sites-identity = Require a verified identity (the site's back-end signs each signed-in user)
sites-save = Save settings
sites-snippet = Embed code
sites-snippet-hint = Paste this just before </body> on every page that should show the chat.
sites-identity-snippets = Verifying signed-in users
sites-identity-hint = Your back-end computes an HMAC-SHA256 of the user's id, keyed with the site's identity secret (on the security page), and gives the page the id and that hash. Never put the secret itself in a page.
sites-identity-no-secret = This site has no identity secret yet: create one on the security page.
sites-identity-page = On the page
sites-setup-link = Teams, business hours and topics
sites-texts-link = Greetings and other texts
sites-disable-hint = A disabled site's chat stops loading everywhere; its conversations and settings are kept.
sites-disable = Disable site
sites-enable = Enable site
sites-staff = Staff of this site
sites-staff-hint = Ticked accounts answer this site's customers. Removing someone also takes them out of this site's teams.
sites-staff-all = all sites
sites-staff-save = Save staff
sites-saved-staff = Staff saved.
error-default-not-offered = The default language must be one of the offered languages.

# Closed loop: intake, deadlines, case panel
intake-heading = Tell us what it's about
intake-category-label = Topic
intake-category-placeholder = Choose a topic
fact-required = (required)
fact-choose-country = Choose a country
widget-reply-by = We'll reply by { $time } (your time).
widget-confirm-question = We marked this as solved. Is your problem solved?
widget-confirm-yes = Yes, it's solved
widget-confirm-no = No, not yet
widget-confirmed = Thank you for confirming. Write again any time.
widget-rating-question = How did we do? Please rate this conversation.
widget-rating-star = { $score ->
    [one] { $score } star
   *[other] { $score } stars
}
widget-rating-comment = Anything you would like to add? (optional)
widget-rating-send = Send rating
widget-rating-thanks = Thank you for your feedback!
widget-fees-open = Shipping cost calculator
widget-fees-line = Shipping line
widget-fees-rate = First { $first_weight }: { $first_price }, each further { $step_weight }: { $step_price }
widget-fees-max = up to { $max_weight }
widget-fees-weight = Parcel weight in kg
widget-fees-result = Estimated cost: { $price }
widget-fees-weight-invalid = Enter a weight in kilograms, for example 1.5.
widget-fees-too-heavy = Over { $max_weight } — please ask us for a quote.
priority = { $priority ->
    [urgent] Urgent
    [routine] Routine
   *[consultation] Consultation
}
actions-label = Conversation actions
conversation-action = { $action ->
    [assign] Take it
    [unassign] Back to the queue
    [start] Start work
    [wait_for_customer] Wait for customer
    [resolve] Resolve
    [reopen] Reopen
   *[archive] Archive
}
duration = { $hours ->
    [0] { $minutes ->
        [0] { $seconds } s
       *[other] { $minutes } min { $seconds } s
    }
   *[other] { $hours } h { $minutes } min
}
clock-due-in = due in { $time }
clock-overdue = overdue by { $time }
clock-email-target = e-mail target
clock-kind = { $kind ->
    [first_response] First response
    [next_response] Next response
    [progress_update] Progress update
    [acceptance] Acceptance by the specialists
    [registration] Complaint registration
    [resolution] Resolution
   *[follow_up] Follow-up
}
clock-phase = { $phase ->
    [paused] Paused
    [met] Met
    [breached] Missed
   *[cancelled] Cancelled
}
case-heading = Case
case-category = Topic: { $name }
case-clocks = Deadlines
case-facts = Key facts
case-save-facts = Save facts
case-history = History
case-actor = { $actor ->
    [customer] Customer
    [system] Parley
   *[staff] Staff
}
case-transition = { $to } · { $who }
alert-due-soon = { $clock } due soon: { $visitor }
alert-breached = { $clock } overdue: { $visitor }

# Inbox filters
inbox-filters = Inbox filters
inbox-any = Any
inbox-filter-view = Show
inbox-filter-sla = Deadline
inbox-filter-priority = Priority
inbox-filter-category = Topic
inbox-filter-language = Language
inbox-filter-tier = Customer tier
inbox-filter-sort = Sort by
inbox-view = { $view ->
    [mine] Mine
    [unassigned] Unassigned
   *[all] All
}
inbox-sla = { $sla ->
    [due_soon] Due soon
   *[breached] Overdue
}
inbox-sort = { $sort ->
    [due] Deadline
   *[activity] Latest activity
}
tier = { $tier ->
    [core] Core
    [important] Important
   *[ordinary] Ordinary
}
case-team = Team: { $name }
case-transfer = Transfer
case-transfer-team = Team
case-transfer-agent = Agent
case-transfer-queue = Team queue (no owner)
case-transfer-note = Hand-off note
case-transfer-submit = Transfer
availability-label = Your availability
availability = { $availability ->
    [available] Available
    [away] Away
   *[offline] Offline
}
staff-link = Staff and routing
staff-title = Staff and routing
staff-intro = Conversations go to available agents with a desk open, in the conversation's team, on shift, with the topic's skill; speakers of the customer's language first, then the lightest load.
staff-new = Add a staff member
staff-name = Name
staff-role = Role
staff-role-name = { $role ->
    [junior] Junior agent
    [senior] Senior agent
    [supervisor] Supervisor
    [admin] Administrator
   *[mid] Agent
}
staff-create = Create account
staff-languages = Answers in
staff-teams = Teams
staff-skills = Skills (separated by commas)
staff-capacity = Conversations at once
staff-save = Save profile
case-customer = Customer
case-customer-tier = Tier
case-customer-owner = Dedicated owner (core customers)
case-customer-no-owner = None
case-customer-save = Save customer
case-past = Earlier conversations
case-past-none = No earlier conversations.
widget-queue-position = { $waiting ->
    [one] You're next in line.
   *[other] You're number { $position } of { $waiting } in line.
}
widget-staff-online = Our team is online now.
widget-staff-offline = Our team is away right now; your message is safe and we'll answer as soon as we're back.
error-profile-invalid = Please check the name, e-mail, skills, teams and capacity.
error-password-too-short = The password must have at least 12 characters.
error-email-taken = A staff member with that e-mail already exists.
compliance-blocked = “{ $phrase }” may not be sent on this site. Please rephrase your reply.
compliance-warning = “{ $phrase }” is on this site's list of phrases to avoid. Send it anyway?
compliance-send-anyway = Send anyway
compliance-edit = Edit reply
staff-compliance = Phrases staff must not send
staff-compliance-hint = One phrase per line. A line starting with ! blocks the reply; other lines warn the agent, who may confirm and send.
staff-compliance-version = Policy version { $version }
staff-compliance-save = Save phrases
error-compliance-blocked = This reply contains a phrase the site forbids; it was not sent.
error-compliance-warning = This reply contains a phrase to avoid; confirm to send it.
case-ratings = Customer rating
case-rating-score = { $score } out of 5
case-notes = Internal notes
case-note-label = Add a note for colleagues (not shown to the customer; @name mentions someone)
case-note-save = Add note
mention-alert = { $name } mentioned you in a note
canned-label = Insert a canned reply
canned-unfilled = Fill in before sending: { $names }
staff-canned = Canned replies
staff-canned-hint = Prepared answers per language. Variables such as {"{"}order_number{"}"}, {"{"}waybill_number{"}"} and {"{"}agent_name{"}"} are filled from the conversation; empty a box to remove that language.
staff-canned-new = New canned reply
staff-canned-key = Name (lowercase letters, digits and dashes)
staff-canned-save = Save reply
error-reply-key-invalid = A reply name may use lowercase letters, digits and dashes (at most 40), and cannot be "greeting".
upload-busy = Uploading…
upload-remove = Remove { $name }
upload-photo = Customer's file
error-attachment-too-large = That file is too large (at most 10 MB).
error-attachment-type = Please attach a photo (JPEG, PNG, GIF, WebP) or a PDF.
error-storage-quota = This site cannot take more files right now. Please describe the problem in words; staff will ask for photos if they need them.
texts-topics = Topics and their form labels
texts-topic = Topic / field
texts-topics-missing = { $count ->
    [0] Every topic and form label is translated.
    [one] One name or label is not translated yet; customers see it in { $fallback }.
   *[other] { $count } names or labels are not translated yet; customers see them in { $fallback }.
}
setup-title = Teams, topics and targets
setup-intro = What routing and the SLA clocks run on. Each part is saved on its own and checked first; a refusal names where the problem is.
setup-part = { $part ->
    [teams] Regional teams
    [topics] Topics and their forms
    [fees] Fee calculator
    [compensation] Compensation authority and exchange rates
    [root_causes] Complaint root causes
   *[targets] SLA targets
}
setup-hint = { $part ->
    [teams] Each team: name, calendar (time_zone; shifts with day mon–sun and start/end HH:MM, an end at or before the start runs past midnight; closures as YYYY-MM-DD), and optionally the e-mail of its supervisor and on-call person. Teams left out are kept.
    [topics] Each topic: key, names per language, priority (urgent, routine, consultation), complaint, fields (key, kind text/number/date/country/reference/upload, required, labels, pattern), team name and skill.
    [fees] Each price line: key, names per language, currency (an ISO 4217 code such as CNY, EUR or JPY), first_kg and first_price, step_kg and step_price (charged for each further band begun), and optionally max_kg. Prices in the currency's main unit, e.g. "9.90".
    [compensation] reference_currency (ISO 4217, USD unless you choose another), junior and mid: what a junior or mid agent grants alone, in that currency; rates: currency, from (YYYY-MM-DD or a full time) and rate (how much one unit is worth in the reference currency, up to 6 decimals). Rates are added, never changed: add a new one from a later time.
    [root_causes] Each root cause: key (lowercase, digits, _ or -) and names per language. Staff choose one when they close a complaint. An empty list ([]) gives the defaults (carrier delay, damaged in transit, lost parcel, wrong item, product defect, customs, billing error, staff conduct, website error, other).
   *[targets] Minutes per target (first response by priority, chat first reply, next response, progress update, complaint registration, resolution by priority), follow_up_working_days and warn_percent.
}
setup-save = Save
setup-json = Bulk edit (JSON)
setup-json-hint = The same setup as JSON, for copying between sites or editing many entries at once. The forms above and these boxes save the same data.
setup-targets = SLA targets
setup-targets-hint = How soon staff must answer and resolve, by priority. The clocks run on each team's business hours.
setup-unit =
    { $unit ->
        [days] working days
        [pct] %
       *[min] minutes
    }
setup-target-urgent-first-response = First response, urgent
setup-target-routine-first-response = First response, routine
setup-target-consultation-first-response = First response, consultation
setup-target-chat-first-reply = First reply in a chat
setup-target-complaint-first-reply = First reply in a chat about a complaint
setup-target-next-response = Answer to a later message
setup-target-progress-update = Progress update at least every
setup-target-complaint-registration = Complaint taken into work within
setup-target-escalation-acceptance = Escalation taken on by the specialist team within
setup-target-urgent-resolution = Resolution, urgent
setup-target-routine-resolution = Resolution, routine
setup-target-consultation-resolution = Resolution, consultation
setup-target-follow-up-working-days = Follow-up after resolution
setup-target-warn-percent = Warn when this much of a target has passed
setup-fees-hint = Each line prices a weight: the first band, then each further band begun, up to an optional maximum. Weights in kg, prices in the currency's main unit (e.g. 9.90). Fill in the blank line to add one; tick remove to delete one; change the positions to reorder.
setup-fee-line = Line { $n }
setup-fee-new = New line
setup-fee-key = Key (lowercase letters, digits, - and _)
setup-fee-names = Name
setup-fee-currency = Currency (ISO code, e.g. EUR)
setup-fee-first-kg = First band (kg)
setup-fee-first-price = Price of the first band
setup-fee-step-kg = Each further band (kg)
setup-fee-step-price = Price of each further band
setup-fee-max-kg = Heaviest weight taken (kg, optional)
setup-order = Position
setup-remove = Remove
setup-teams-hint = Each team answers in its own business hours: the SLA clocks stop outside them and on closed dates. Fill in the blank team to add one. Teams are never deleted here (conversations and topics may still use them).
setup-team = Team { $n }
setup-team-new = New team
setup-team-name = Name
setup-team-zone = Time zone (type to search, e.g. Europe/Berlin)
setup-shifts = Shifts
setup-shifts-hint = One row per shift; several on one day for split shifts. An end at or before the start runs past midnight. Blank rows add shifts; tick remove to delete one.
setup-shift-day = Day
setup-shift-start = From
setup-shift-end = To
setup-closures = Closed dates
setup-closure = Closed on
setup-team-supervisor = Supervisor (gets escalations)
setup-team-on-call = On call (urgent gaps)
setup-nobody = Nobody
setup-team-kept = To retire a team, move its topics to another team.
setup-day-mon = Monday
setup-day-tue = Tuesday
setup-day-wed = Wednesday
setup-day-thu = Thursday
setup-day-fri = Friday
setup-day-sat = Saturday
setup-day-sun = Sunday
setup-topics-hint = What customers can ask about, each with its intake form: the facts the widget asks for before the first message. Fill in the blank topic (or field) to add one; tick remove to delete; change the positions to reorder.
setup-topic = Topic { $n }
setup-topic-new = New topic
setup-topic-key = Key (lowercase letters, digits, - and _)
setup-topic-names = Name per language
setup-topic-priority = Priority
setup-topic-team = Team
setup-topic-skill = Skill routing requires (optional)
setup-topic-complaint = A complaint (registration clock and follow-up)
setup-field = Field { $n }
setup-field-new = New field
setup-field-key = Key
setup-field-kind = Kind
setup-field-labels = Label per language
setup-field-pattern = Pattern (references: a regular expression the whole value must match)
setup-field-example = Example (shown as the placeholder)
setup-field-required = Required
setup-kind-text = Text
setup-kind-number = Number
setup-kind-date = Date
setup-kind-country = Country
setup-kind-reference = Reference (order, waybill …)
setup-kind-upload = Photos or files
setup-priority-urgent = Urgent
setup-priority-routine = Routine
setup-priority-consultation = Consultation
error-config-invalid = This setup cannot be saved. Check the place named here:

# Issue 5: second factor, sessions, audit log
code-heading = Enter your sign-in code
code-hint = Open your authenticator app and enter the 6-digit code for Parley, or one of your recovery codes.
code-label = Code
code-submit = Sign in
enrol-heading = Two-step sign-in
enrol-required = Your role must use two-step sign-in. Set it up to continue.
enrol-hint = Scan the QR code with an authenticator app, or type the key into it, then enter the 6-digit code it shows.
enrol-qr = QR code for your authenticator app
enrol-secret = Key:
enrol-submit = Turn on
password-heading = Password
password-current = Current password
password-new = New password
password-rules = At least 12 characters; not a common password, your e-mail or your name. Your other sessions end when it changes.
password-submit = Change password
password-required = An admin asks you to choose a new password before you continue.
security-title = Security
security-totp-on = Two-step sign-in is on.
security-totp-off = Two-step sign-in is off.
security-recovery-left = { $count } unused recovery codes left.
security-fresh-codes = Your recovery codes. Keep them somewhere safe: each works once, and they are shown only now.
security-sessions = Your sessions
security-session-current = this browser
security-revoke-others = Sign out everywhere else
security-policy = Two-step sign-in policy
security-policy-hint = Roles that must use two-step sign-in
audit-title = Audit log
audit-action = Action
audit-actor = Who
audit-conversation = Conversation
audit-from = From
audit-until = Until
audit-apply = Filter
audit-export = Export (JSON)
audit-count = { $count } entries
audit-when = When
audit-detail = Details
audit-ip = Address
staff-unlock = Unlock
staff-reset-totp = Reset two-step sign-in
staff-end-sessions = Sign out everywhere
staff-require-password = Require a new password
error-password-common = This password is too common or too easy to guess. Choose another.
error-account-locked = Too many failed sign-ins: this account is locked for a while. Try again later or ask an administrator.
error-too-many-attempts = Too many failed sign-ins from here. Please wait a few minutes.
error-code-invalid = That code is not valid. Enter the current 6-digit code or an unused recovery code.
error-csrf-invalid = This form has expired. Reload the page and try again.
error-conversation-forbidden = You do not have access to this conversation.
error-read-only = You may only read this conversation.

# Issue 5: personal data, consent, retention, identity
contact-field = { $field ->
    [email] E-mail
    [phone] Phone
    [address] Address
   *[name] Name
}
contact-heading = Customer
contact-none = No contact details given.
contact-verified = Signed-in user of the site: { $user }
contact-consent = Consent given:
customer-export = Export customer data (JSON)
customer-erase-confirm = I confirm the customer asked for their data to be erased
customer-erase = Erase customer data
contact-offer = Leave your contact details
contact-update = Update your contact details
contact-saved = Your contact details are saved.
contact-notice = We ask for your name, e-mail, phone and address only to answer you and follow up on your request. They are stored encrypted, shown only to the staff handling your case, and deleted { $days } days after your case is closed.
contact-consent-label = I agree that my contact details are used for this.
contact-submit = Save details
contact-cancel = Cancel
privacy-heading = Privacy: { $site }
privacy-retention = Keep personal data for (days after a case is closed)
privacy-retention-hint = Then contact details, message texts, form answers and files are destroyed; a destruction record remains.
privacy-identity-required = Only signed-in users of the site may chat (verified identity required)
privacy-identity-hint = Your back-end signs the user id with this secret (HMAC-SHA256, hex) and puts it in data-user-hash next to data-user-id.
privacy-identity-secret = Identity secret:
privacy-new-secret = Generate a new secret (the old one stops working)
error-consent-required = Please tick the box to agree before sending your details.
error-contact-invalid = Please check this field.
error-identity-invalid = This chat could not confirm who you are. Please sign in to the site again.
error-rating-invalid = Please choose from 1 to 5 stars.
error-already-rated = You have already rated this conversation. Thank you!

# Issue 5: break-glass access
access-heading = Access requests
access-reason-label = Why do you need to see conversation #{ $id }? A supervisor decides; access is view-only, time-limited and logged.
access-request = Request view-only access
access-pending = Your request for conversation #{ $id } is waiting for a supervisor.
access-approved = View-only access to conversation #{ $id } until
access-denied = Your request for conversation #{ $id } was denied.
access-open = Open
access-asks = { $agent } asks to view conversation #{ $id }:
access-duration = For
access-minutes = { $minutes } minutes
access-approve = Approve
access-deny = Deny
read-only-banner = View-only access (break-glass), logged, until
staff-sites = Sites (keys, comma-separated; empty: every site)

## Compensation (issue 18)
notice-compensation-granted = { $kind ->
    [refund] We are refunding you { $amount }.
    [coupon] You will receive a coupon worth { $amount }.
    [reshipment] We will send your order again (value { $amount }).
   *[other] You will receive compensation worth { $amount }.
}
notice-compensation-refused = We are sorry: the compensation of { $amount } could not be approved. Your agent will explain the next steps.
compensation-heading = Compensation
compensation-kind = { $kind ->
    [refund] Refund
    [coupon] Coupon
    [reshipment] Reshipment
   *[other] Other
}
compensation-kind-label = Kind
compensation-amount = Amount
compensation-currency = Currency (ISO code)
compensation-reason = Reason
compensation-major-label = Major complaint (large claim or brand risk): management decides
compensation-limit = You grant up to { $amount } alone; above that, a supervisor approves.
compensation-no-limit = You grant any amount alone, except for major complaints.
compensation-propose = Propose compensation
compensation-reference = (= { $amount })
compensation-major = major complaint
compensation-proposed = Proposed by { $who }
compensation-decided = { $outcome ->
    [granted] Granted by { $who }: { $amount }
    [approved] Approved by { $who }: { $amount }
    [reduced] Reduced by { $who } to { $amount }
   *[refused] Refused by { $who }
}
compensation-waiting = { $stage ->
    [supervisors] Waiting for a supervisor
    [on_call] Waiting for the on-call person
   *[management] Waiting for management
}, { $left }
compensation-decide-reason = Reason (required to reduce or refuse)
compensation-reduce-to = Reduce to ({ $currency })
compensation-approve = Approve
compensation-reduce = Reduce
compensation-refuse = Refuse
compensation-approvals = Compensation waiting for your decision
case-escalate = Escalate to this team's specialists (they take it on within the hour; the customer is told)
case-complex = Complex question: a progress update to the customer every 30 minutes
notice-escalated = { $owner ->
    [none] Your question is now with our { $team } specialists.
   *[other] Your question is now with { $owner } from our { $team } specialists.
}
notice-escalated-by = You will hear from them by { $time }.

## Complaint ledger (issue 18)
complaints-title = Complaints
analysis-title = Monthly complaint analysis
complaint-heading = Complaint
complaint-step = { $step ->
    [raised] Raised
    [registered] Registered
    [investigated] Investigated
    [resolved] Resolved
    [answered] Answered
   *[closed] Closed
}
complaint-clock = { $clock ->
    [registration] Registration (1 business hour)
    [investigation] Investigation (2 working days)
    [answer] Answer to the customer (1 working day)
   *[follow_up] Follow-up (3 working days)
}
complaint-standing = { $standing ->
    [met] met
    [breached] late
    [overdue] overdue
    [due_soon] due soon
   *[running] running
}
complaint-owner = Owner: { $name }
complaint-open = Open in the complaint ledger
complaint-summary = What the complaint is about
complaint-major = Major (large claim or brand risk)
complaint-raise = Raise a complaint
complaint-alert = { $breached ->
    [true] Complaint #{ $id }: { $clock } is overdue
   *[other] Complaint #{ $id }: { $clock } is due soon
}
complaint-case = Complaint #{ $id }
complaint-result = Result
complaint-cause = Root cause
complaint-note = Note (optional)
complaint-history = History
complaint-history-line = { $action ->
    [raised] Raised
    [registered] Registered
    [investigated] Investigated
    [resolved] Resolved
    [answered] Answered
    [closed] Followed up and closed
    [linked] Linked a conversation
   *[owner] Owner or severity changed
} { $who }
complaint-take-step = { $step ->
    [registered] Register and take ownership
    [investigated] Mark investigated
    [resolved] Mark resolved
    [answered] Mark answered
   *[closed] Mark followed up and close
}
complaint-severity = { $severity ->
    [major] Major
   *[ordinary] Ordinary
}
complaint-root-cause = { $key ->
    [carrier_delay] Carrier delay
    [damaged_in_transit] Damaged in transit
    [lost_parcel] Lost parcel
    [wrong_item] Wrong item
    [product_defect] Product defect
    [customs] Customs
    [billing_error] Billing error
    [staff_conduct] Staff conduct
    [website_error] Website error
   *[other] Other
}
complaints-all = All
complaints-site = Site
complaints-state = State
complaints-state-option = { $state ->
    [open] Open
    [closed] Closed
    [raised] Raised
    [registered] Registered
    [investigated] Investigated
    [resolved] Resolved
   *[answered] Answered
}
complaints-overdue = Overdue only
complaints-category = Topic
complaints-owner = Owner
complaints-severity = Severity
complaints-raised = Raised
complaints-customer = Customer
complaints-clocks = Deadlines
complaints-clock = Deadline
complaints-due = Due
complaints-done = Done
complaints-standing = Standing
complaints-export = Download CSV
complaints-no-topic = No topic
complaints-outcome = { $outcome ->
    [granted] granted
    [approved] approved
    [reduced] reduced
    [refused] refused
   *[waiting] waiting for approval
}
analysis-month = Month
analysis-compensation-export = Compensation ledger (CSV)
analysis-share = { $complaints ->
    [one] { $complaints } complaint
   *[other] { $complaints } complaints
} in { $conversations ->
    [one] { $conversations } conversation
   *[other] { $conversations } conversations
}: { $share } (target: at most 5 %)
analysis-by-category = Complaints by topic
analysis-by-root-cause = Complaints by root cause
analysis-on-time = Deadlines met on time
analysis-compensation = Compensation given, by kind
analysis-trend = Complaints over the last 12 months
complaint-linked = Also covers
complaint-link = Another conversation of this customer
complaint-link-save = Link to this complaint

## API keys (issue 19)
api-keys-title = API keys
api-keys-intro = Keys your back-end sends as Authorization: Bearer to read and change this site's data through /api/v1. A key is shown once, when it is made; Parley keeps only a hash of it.
api-key-name = Name
api-key-scope = Scope
api-key-scope-option = { $scope ->
    [write] Read and write
   *[read] Read only
}
api-key-create = Make a key
api-key-created = Copy this key now: it is not shown again.
api-key-prefix = Starts with
api-key-last-used = Last used
api-key-never = never
api-key-state = State
api-key-revoke = Revoke
api-key-revoked = The key is revoked: requests with it are refused from now on.
api-key-revoked-at = revoked

api-docs-json = The OpenAPI 3.1 document (JSON)
api-docs-operations = Operations
api-docs-types = Types
api-docs-parameters = Parameters
api-docs-name = Name
api-docs-in = In
api-docs-type = Type
api-docs-description = Description
api-docs-required = required
api-docs-body = Request body
api-docs-responses = Responses
api-docs-reference = API reference

webhooks-title = Webhooks
webhooks-intro = Parley calls these addresses on your back-end when something happens on this site. Each delivery is a JSON POST signed with the endpoint's secret in the Parley-Signature header (t=time,v1=HMAC-SHA256 of "time.body"); check it, and answer with a 2xx status. Failed deliveries are retried for 24 hours.
webhooks-url = Endpoint URL
webhooks-events = Events
webhooks-add = Add the endpoint
webhooks-none = No endpoints yet.
webhooks-secret = Signing secret
webhooks-failing = Deliveries failing for a day, given up since
webhooks-healthy = Deliveries are arriving.
webhooks-remove = Remove
webhooks-log = Latest deliveries
webhooks-event = Event
webhooks-when = When
webhooks-attempts = Attempts
webhooks-answer = Answer
webhooks-redeliver = Send again
webhooks-state = { $state ->
    [delivered] Delivered
    [given-up] Given up
   *[pending] Waiting to be tried again
}
webhooks-done = { $what ->
    [added] The endpoint was added.
    [removed] The endpoint was removed.
   *[redelivered] The delivery will be sent again.
}
lookup-title = Order lookup (Track my order)
lookup-intro = When a customer tracks an order in the widget, or an agent looks one up in the case panel, Parley posts the order number, the customer's user id (or the e-mail or postcode they gave) and their language to this address as JSON, signed like a webhook, and shows the steps it answers. Leave it blank to turn tracking off.
lookup-save = Save the order lookup
track-title = Track my order
track-order = Order or waybill number
track-contact = E-mail address or postcode of the order
track-submit = Track
track-order-is = Order { $order }
track-eta = Expected: { $when }
track-step = { $kind ->
    [accepted] Order accepted
    [in_transit] On its way
    [customs] In customs
    [out_for_delivery] Out for delivery
    [delivered] Delivered
    [exception] Held up
   *[returned] Returning to the sender
}

## Help centre (issue 20)
help-files = Downloads
help-title = Help centre
help-search-label = Search the help centre
help-search-button = Search
help-results = Results for “{ $query }”
help-no-results = No article matches. Try other words, or ask us in the chat.
help-back = All articles
help-other-articles = More articles
help-shown-in = This article is not yet written in your language; it is shown in { $language }.
help-languages = Other languages

## Knowledge base at the desk (issue 20)
kb-suggest = Articles
kb-suggest-search = Search articles
kb-suggest-none = No article fits. Search with other words.
kb-insert-link = Insert link
kb-insert-text = Insert text
kb-files = Files
kb-file-add = Attach a file (PDF or image, up to 10 MB)
kb-file-remove = Remove
kb-uploading = Uploading…
kb-title = Knowledge base
kb-intro = Articles customers find in the widget, the help centre and the bot's answers, one version per language. A change is live at once.
kb-new = New article
kb-edit = Edit article
kb-articles = Articles
kb-none = No articles yet.
kb-slug = Address (a–z, 0–9, hyphens)
kb-collection = Collection
kb-no-collection = No collection
kb-locale = Language
kb-article-title = Title
kb-body = Text
kb-body-hint = A blank line starts a new paragraph; a line starting with “- ” is a list item.
kb-published = Published (customers see it)
kb-save = Save
kb-preview = Preview
kb-history = History
kb-remove = Remove article
kb-saved = Saved. Customers see the change now.
kb-removed = Article removed.
kb-views = Views
kb-helpful = Helped
kb-not-helpful = Did not help
kb-offered = Bot answers
kb-help-centre-link = Open the help centre
kb-figures = Last 30 days: { $alone } conversations answered by the bot alone, { $handed } handed to a person.
kb-fallback-note = Not written in { $language } yet: customers reading { $language } see the { $fallback } version.
kb-state = { $state ->
    [live] published
    [draft] draft
   *[missing] missing
}
kb-action = { $action ->
    [published] published
    [unpublished] taken back to draft
    [file_added] file attached
    [file_removed] file removed
    [moved] address or collection set
    [removed] removed
   *[saved] saved
}

## The bot (issue 20)
bot-name = Assistant
bot-answer = This article may answer your question:
bot-answer-more = If it does not, choose “Talk to a person” or ask in other words.
bot-fetching = I’m fetching a person for you. Someone from our team will answer here.
bot-no-answer = I could not find an answer to that in our help centre, so I’m fetching a person for you. Someone from our team will answer here.
help-vote-question = Did this help?
help-vote-yes = Yes
help-vote-no = No
help-vote-thanks = Thank you for telling us.
help-talk-to-person = Talk to a person
kb-bot-label = The bot answers customers from these articles
kb-bot-hint = When it is sure of an answer it sends the article; otherwise, or when asked, it hands the conversation to a person, whose clocks start then. Turning it off hands over everything it holds.
kb-bot-save = Save
kb-bot-on = The bot is on.
kb-bot-off = The bot is off; the conversations it held are in the queue.
case-bot = The bot
case-bot-holding = The bot is answering; no clock runs until it hands over.
case-bot-handed = The bot handed over at { $time }.
case-bot-answered = The bot answered.
case-bot-verdict = { $verdict ->
    [yes] helpful
    [no] not helpful
   *[none] no answer yet
}
widget-help = Help
widget-help-close = Close help
widget-talk-to-person = Talk to a person
widget-read-article = Read the article

reports-title = Service reports
report-from = From
report-until = Until
report-tz = Time zone
report-by = Slice by
report-period = Trend by
report-dimension = { $by ->
    [agent] Agent
    [team] Team
    [region] Customer region
    [language] Language
    [category] Topic
   *[priority] Priority
}
report-period-name = { $period ->
    [day] Day
    [week] Week
   *[month] Month
}
report-metric = { $metric ->
    [conversations] Conversations
    [response_rate] Response rate
    [on_time_first_response] On-time first responses
    [resolution_rate] Resolution rate
    [first_contact_resolution] First-contact resolution
    [first_response_mean] Average first response
    [first_response_p90] First response, 90th percentile
    [csat] Satisfaction (CSAT)
    [ratings] Ratings
    [complaint_rate] Complaint rate
    [complaint_resolution_time] Complaint resolution time
    [follow_up_completion] Follow-ups done on time
   *[qa_score] QA review score
}
report-verdict = { $met ->
    [yes] Target met
   *[no] Target missed
} ({ $metric ->
    [on_time_first_response] at least 95 %
    [resolution_rate] at least 90 %
    [csat] at least 4.5
    [complaint_rate] at most 5 %
   *[complaint_resolution_time] within 24 h
})
report-none = { $by ->
    [agent] Unassigned
    [team] No team
    [region] Unknown region
    [language] Unknown language
    [category] No topic
   *[priority] None
}
report-region = { $area ->
    [Europe] Europe
    [Asia] Asia
    [America] Americas
    [Africa] Africa
    [Australia] Australia
    [Pacific] Pacific
    [Atlantic] Atlantic
    [Indian] Indian Ocean
   *[Antarctica] Antarctica
}
report-total = All conversations
report-scope-site = The whole site
report-scope-teams = Your teams and the general queue
report-in-zone = Days in { $tz }
report-export = { $table ->
    [slices] Download the table by slice (CSV)
   *[trend] Download the trend table (CSV)
}
report-trend-title = { $period ->
    [day] Day by day
    [week] Week by week
   *[month] Month by month
}
report-slices-title = By { $by }
report-chart-title = { $metric } by { $by }
report-table-title = All figures by { $by }
chart-summary = { $count } rows. Highest: { $high } ({ $high_value }); lowest: { $low } ({ $low_value }).
chart-empty = Nothing to show for this period.
report-audit-title = Monthly audit-log review
report-audit-owed = { $count ->
    [0] Every ended month of the audit log has been reviewed.
    [one] One month of the audit log is not reviewed yet.
   *[other] { $count } months of the audit log are not reviewed yet.
}
report-audit-open = Audit log of { $month }
report-audit-note = What you checked and found
report-audit-mark = Mark reviewed
report-audit-reviewed = { $month } reviewed by { $name }
report-audit-done = { $month } is marked reviewed.

qa-title = Quality reviews
qa-done = { $done ->
    [drawn] The week's sample is drawn.
    [added] The conversation is in the sample.
    [reviewed] The review is saved.
   *[sheet] The score sheet is saved.
}
qa-week-label = A day of the week
qa-week-title = Week of { $from } to { $until } ({ $tz })
qa-previous = Previous week
qa-next = Next week
qa-counts = { $closed ->
    [one] 1 conversation closed this week
   *[other] { $closed } conversations closed this week
}, { $sampled } in the sample.
qa-drawn = Drawn with seed { $seed } on
qa-drawn-early = (before the week ended; the rest is drawn when it ends)
qa-not-drawn = Not drawn yet: the sample is drawn when the week ends, or now with the button.
qa-not-drawn-ended = Not drawn yet; it will be drawn within minutes, or now with the button.
qa-draw = Draw the sample now
qa-sample-title = Sample
qa-sample-none = Nothing in the sample.
qa-conversation = Conversation { $id } ({ $agent })
qa-added-by = added by { $name }
qa-drawn-by-lot = drawn
qa-own = You handled this conversation, so someone else reviews it.
qa-criterion = { $key ->
    [greeting] Greeting
    [accuracy] Accuracy
    [compliance] Compliance
    [tone] Tone
    [resolution] Resolution
   *[other] { $key }
}
qa-criterion-weighted = { $criterion } (weight { $weight })
qa-points-choose = Choose
qa-points-option = { $points ->
    [4] 4 — excellent
    [3] 3 — good
    [2] 2 — fair
    [1] 1 — poor
   *[0] 0 — missing
}
qa-points = { $criterion }: { $points } of 4 (weight { $weight })
qa-comment = Comment for the agent
qa-review-save = Save the review
qa-reviewed-by = Conversation { $conversation } of { $agent }, reviewed by { $name }
qa-unsampled-title = Closed this week, not in the sample
qa-add = Add to the sample
qa-add-label = Add conversation { $conversation } to the sample
qa-sheet-title = Score sheet
qa-sheet-help = Each criterion is scored 0 to 4; the weights must add up to 100. Names use lowercase letters and underscores.
qa-sheet-key = Criterion
qa-sheet-weight = Weight
qa-sheet-key-row = Criterion { $row }
qa-sheet-weight-row = Weight of criterion { $row }
qa-sheet-save = Save the sheet
qa-mine-title = Reviews of my conversations
qa-mine-none = None of your conversations has been reviewed yet.

library-title = Case library
library-similar = Similar cases
library-search = Search the case library
library-search-button = Search
library-none = No case found.
library-rating = Rated { $score } of 5
library-added-by = Added by { $name }
library-demand = What the customer wanted
library-solution = How it was solved
library-in = This case is in the case library.
library-add-title = Add this case to the library
library-add-help = Write it so a colleague can reuse it. The customer's name, contact details and card numbers are taken out.
library-add = Add to the library
library-removed = The case was taken out of the library.
library-remove = Take out of the library
library-remove-label = Take case { $case } out of the library

## E-mail (issue 22): the mails customers receive, the unsubscribe page.
mail-subject-reply = New reply from { $site }
mail-subject-transcript = Your conversation with { $site }
mail-new-reply = { $site } answered your message:
mail-transcript = Here is your conversation with { $site }:
mail-earlier = Earlier in the conversation
mail-you = You
mail-answer-hint = Reply to this e-mail to answer: your reply goes straight into the conversation.
mail-continue = Continue in the chat on { $site }
mail-unsubscribe = Stop e-mails about this conversation
mail-unsubscribe-title = E-mails about this conversation
mail-unsubscribe-confirm = Stop sending me e-mails about this conversation
mail-unsubscribed = You will receive no more e-mails about this conversation.
setup-target-email-first-reply = First reply to an e-mail
message-by-email = by e-mail
channel-email = E-mail
channel-chat = Chat
inbox-filter-channel = Channel
case-mail = E-mail
case-mail-began = { $channel ->
    [email] This conversation began with an e-mail.
   *[other] This conversation began in the chat.
}
case-mail-reachable = Replies the customer misses in the chat are e-mailed to them.
case-mail-unreachable = The customer left no e-mail address.
case-mail-unsubscribed = The customer stopped e-mails about this conversation.
case-mail-kind = { $kind ->
    [transcript] Transcript
   *[other] Replies
}
case-mail-state = { $state ->
    [sent] sent
    [retrying] not sent yet ({ $attempts } attempts)
    [given_up] given up
   *[other] queued
}
case-mail-transcript = E-mail the transcript to the customer
case-mail-files = Files the customer sent by e-mail
case-mail-file = { $name } · { $kb } KB · with message { $seq }
