## Widget del cliente
widget-title = Chatea con nosotros
widget-greeting-default = ¡Hola! ¿En qué podemos ayudarte hoy?
widget-close = Cerrar el chat
widget-launcher = Chatea con nosotros
widget-message-list = Conversación
composer-label = Tu mensaje
composer-placeholder = Escribe un mensaje…
composer-send = Enviar
typing-agent = Soporte está escribiendo…
widget-you = Tú
message-customer = Cliente
widget-support = Soporte

## Estado de entrega
status-sending = Enviando…
status-sent = Enviado
status-delivered = Entregado
status-read = Leído
status-failed = No enviado

## Conexión
language-label = Idioma
connection-online = Conectado
connection-reconnecting = Se perdió la conexión. Reconectando…

## Escritorio del equipo
desk-message-list = Historial de mensajes
desk-title = Escritorio de Parley
login-heading = Inicia sesión en el escritorio
login-email = Correo electrónico
login-password = Contraseña
login-submit = Iniciar sesión
logout = Cerrar sesión
signed-in-as = Sesión iniciada como { $name }
conversations-heading = Conversaciones
conversations-empty = Todavía no hay conversaciones.
conversation-unread = { $count ->
    [one] { $count } mensaje sin leer
   *[other] { $count } mensajes sin leer
}
conversation-visitor = Visitante { $label }
conversation-status = { $status ->
    [received] Nueva
    [assigned] Asignada
    [in_progress] En curso
    [waiting_on_customer] Esperando al cliente
    [resolved] Resuelta
    [confirmed] Confirmada por el cliente
    [archived] Archivada
   *[reopened] Reabierta
}
conversation-pick = Elige una conversación de la lista.
conversation-no-messages = Aún no hay mensajes.
conversation-language = Idioma: { $locale }
conversation-local-time = Hora local: { $time }
reply-label = Respuesta
reply-placeholder = Escribe una respuesta…
reply-send = Enviar
typing-customer = El cliente está escribiendo…

## Códigos de error
error-invalid-json = La aplicación envió algo que el servidor no pudo leer.
error-unknown-frame-type = La aplicación envió una solicitud que el servidor no reconoce.
error-invalid-frame = La aplicación envió una solicitud incompleta.
error-frame-too-large = Es demasiado grande para enviarlo.
error-hello-required = La conexión no se estableció correctamente. Reconectando…
error-unsupported-version = Este chat está desactualizado. Vuelve a cargar la página.
error-unknown-site = Este chat no está configurado para este sitio web.
error-origin-forbidden = Este chat no se puede usar desde este sitio web.
error-token-invalid = No pudimos verificar tu sesión de chat, así que empezamos una nueva.
error-token-expired = Tu sesión de chat caducó, así que empezamos una nueva.
error-message-empty = Escribe algo primero.
error-message-too-long = El mensaje es demasiado largo. Acórtalo, por favor.
error-rate-limited = Estás enviando mensajes demasiado rápido. Espera un momento.
error-unauthorized = Vuelve a iniciar sesión.
error-invalid-credentials = Correo electrónico o contraseña incorrectos.
error-not-found = Esa conversación no existe.
error-invalid-transition = Ese cambio no es posible en el estado actual de la conversación.
error-fact-missing = Rellena todos los campos obligatorios.
error-fact-invalid = Revisa el campo marcado.
error-category-required = Elige de qué trata tu consulta.
error-lagged = La conexión se quedó atrás. Poniéndonos al día…
error-origin-invalid = Cada origen permitido debe ser https://host o https://host:puerto (http solo para localhost), o https://*.example.com para sus subdominios.
error-contrast-too-low = Este color es demasiado claro: el texto blanco sobre él sería difícil de leer (WCAG AA exige 4,5:1). Elige uno más oscuro.
error-site-name-invalid = Ponle al sitio un nombre de 1 a 100 caracteres.
error-amount-invalid = Escribe un importe positivo sin más decimales de los que tiene la moneda.
error-currency-unknown = Ese no es un código de moneda (ISO 4217, p. ej. USD, EUR, JPY).
error-rate-missing = Todavía no hay tipo de cambio para esa moneda: un administrador lo añade en la página de configuración.
error-already-decided = Esta compensación ya se decidió.
error-not-approver = No puedes decidir esta compensación: es tu propia propuesta, supera tu autoridad o aún no se te ha dirigido.
error-idempotency-conflict = Esta Idempotency-Key se usó para otra solicitud, o su primera solicitud aún está en curso.
error-webhook-url-invalid = Indica una URL http o https con host, sin usuario ni contraseña.
error-webhook-url-private = Esta dirección está en una red privada o local; Parley no la llama.
error-webhook-limit = Un sitio tiene como máximo 10 endpoints; elimina uno primero.
error-tracking-not-found = No encontramos ese pedido. Revisa el número (y el correo electrónico o código postal con que se hizo).
error-tracking-unavailable = El seguimiento de pedidos no está disponible ahora. Inténtalo de nuevo en unos minutos.
error-tracking-off = Esta tienda no ofrece seguimiento de pedidos aquí.
error-slug-invalid = La dirección solo puede tener letras minúsculas a–z, cifras y guiones (80 como máximo).
error-slug-taken = Otro artículo ya tiene esta dirección.
error-report-range-invalid = Las fechas deben ser días reales, la primera no posterior a la última, con 400 días como máximo entre ellas.
error-time-zone-unknown = Zona horaria desconocida: use un nombre como Europe/Berlin o Asia/Shanghai.
error-sheet-invalid = Una hoja de evaluación necesita de 1 a 12 criterios, con nombres en minúsculas y pesos que sumen 100.
error-own-conversation = Nadie evalúa una conversación que atendió en persona.
error-already-reviewed = Esta conversación ya fue evaluada.
error-case-not-resolved = Solo un caso resuelto puede entrar en la biblioteca de casos.
error-already-in-library = Este caso ya está en la biblioteca de casos.
error-no-email-address = El cliente no dejó ninguna dirección de correo.
error-mail-off = Este Parley no envía correos (no hay relé SMTP configurado).
error-internal = Algo falló por nuestra parte. Inténtalo de nuevo.

## Textos para clientes
texts-link = Textos para clientes
texts-title = Textos para clientes
texts-intro = Cada cliente ve los textos en su idioma. Si falta un idioma, verá el texto en { $fallback }.
texts-kind = { $kind ->
    [away] Mensaje de ausencia (mientras nadie puede responder)
    [confirm] Pregunta «¿Se ha resuelto tu problema?»
    [rating] Pregunta de valoración (tras resolver)
   *[greeting] Saludo
}
texts-missing = Falta: los clientes verán el texto en { $fallback }
texts-missing-count = { $count ->
    [0] Todos los idiomas tienen su texto.
    [one] Falta { $count } traducción
   *[other] Faltan { $count } traducciones
}
texts-save = Guardar textos
texts-saved = Textos guardados.
desk-back = Volver a las conversaciones
error-forbidden = Solo los administradores pueden hacer eso.
error-text-too-long = Un texto es demasiado largo (máximo 1000 caracteres).
texts-languages = Idiomas que se ofrecen a los clientes
texts-languages-hint = Los clientes cuyo idioma no se ofrece verán el idioma predeterminado.
texts-default = Idioma predeterminado
texts-languages-save = Guardar idiomas
sites-title = Sitios
sites-intro = Cada sitio es una tienda o marca que integra el chat en sus propias páginas con una etiqueta script.
sites-list = Tus sitios
sites-disabled = desactivado
sites-pick = Elige un sitio para cambiar su configuración.
sites-create = Añadir un sitio
sites-name = Nombre
sites-create-button = Añadir sitio
sites-saved-created = Sitio añadido. Permite las páginas que mostrarán el chat y pega en ellas el código de integración.
sites-saved-settings = Configuración guardada. Las páginas abiertas la aplican en segundos.
sites-saved-enabled = El sitio está activado: su chat vuelve a cargarse.
sites-saved-disabled = El sitio está desactivado: su chat ya no se carga. Sus conversaciones se conservan.
sites-key = Clave pública
sites-origins = Páginas que pueden mostrar el chat
sites-origins-hint = Un origen por línea: https://shop.example.com, https://shop.example.com:8443 o https://*.example.com para todos sus subdominios (http:// solo para localhost). En cualquier otra página no aparece el chat.
sites-accent = Color de acento
sites-accent-hint = Se usa en el botón del chat y en los botones, bajo texto blanco, así que debe ser lo bastante oscuro (contraste de al menos 4,5:1, WCAG AA).
sites-position = Posición del botón del chat
sites-position-end = Abajo a la derecha (abajo a la izquierda en páginas de derecha a izquierda)
sites-position-start = Abajo a la izquierda (abajo a la derecha en páginas de derecha a izquierda)
sites-launcher = Etiqueta del botón del chat
sites-launcher-hint = Lo que anuncian los lectores de pantalla para el botón del chat, por idioma.
sites-launcher-default = Sin definir: en este idioma se usa la etiqueta de Parley.
sites-identity = Exigir una identidad verificada (el servidor del sitio firma cada usuario con sesión iniciada)
sites-save = Guardar configuración
sites-snippet = Código de integración
sites-snippet-hint = Pega esto justo antes de </body> en cada página que deba mostrar el chat.
sites-identity-snippets = Verificar usuarios con sesión iniciada
sites-identity-hint = Tu servidor calcula un HMAC-SHA256 del id del usuario con el secreto de identidad del sitio (en la página de seguridad) y entrega a la página el id y ese hash. Nunca pongas el secreto en una página.
sites-identity-no-secret = Este sitio aún no tiene secreto de identidad: créalo en la página de seguridad.
sites-identity-page = En la página
sites-setup-link = Equipos, horario de atención y temas
sites-texts-link = Saludos y otros textos
sites-disable-hint = El chat de un sitio desactivado deja de cargarse en todas partes; sus conversaciones y su configuración se conservan.
sites-disable = Desactivar sitio
sites-enable = Activar sitio
sites-staff = Personal de este sitio
sites-staff-hint = Las cuentas marcadas atienden a los clientes de este sitio. Quien se quita sale también de los equipos de este sitio.
sites-staff-all = todos los sitios
sites-staff-save = Guardar personal
sites-saved-staff = Personal guardado.
error-default-not-offered = El idioma predeterminado debe ser uno de los idiomas ofrecidos.

# Closed loop: intake, deadlines, case panel
intake-heading = Cuéntanos de qué se trata
intake-category-label = Tema
intake-category-placeholder = Elige un tema
fact-required = (obligatorio)
fact-choose-country = Elige un país
widget-reply-by = Te responderemos antes de las { $time } (tu hora).
widget-confirm-question = Hemos marcado tu consulta como resuelta. ¿Se ha solucionado tu problema?
widget-confirm-yes = Sí, está solucionado
widget-confirm-no = No, todavía no
widget-confirmed = Gracias por confirmarlo. Escríbenos cuando quieras.
widget-rating-question = ¿Qué tal lo hicimos? Valore esta conversación, por favor.
widget-rating-star = { $score ->
    [one] { $score } estrella
   *[other] { $score } estrellas
}
widget-rating-comment = ¿Quiere añadir algo? (opcional)
widget-rating-send = Enviar valoración
widget-rating-thanks = ¡Gracias por su opinión!
widget-fees-open = Calculadora de gastos de envío
widget-fees-line = Modalidad de envío
widget-fees-rate = Primeros { $first_weight }: { $first_price }; cada { $step_weight } adicional: { $step_price }
widget-fees-max = hasta { $max_weight }
widget-fees-weight = Peso del paquete en kg
widget-fees-result = Coste estimado: { $price }
widget-fees-weight-invalid = Indique el peso en kilogramos, por ejemplo 1,5.
widget-fees-too-heavy = Más de { $max_weight }: pídanos un presupuesto.
priority = { $priority ->
    [urgent] Urgente
    [routine] Habitual
   *[consultation] Consulta
}
actions-label = Acciones de la conversación
conversation-action = { $action ->
    [assign] Encargarme
    [unassign] Devolver a la cola
    [start] Empezar
    [wait_for_customer] Esperar al cliente
    [resolve] Marcar como resuelta
    [reopen] Reabrir
   *[archive] Archivar
}
duration = { $hours ->
    [0] { $minutes ->
        [0] { $seconds } s
       *[other] { $minutes } min { $seconds } s
    }
   *[other] { $hours } h { $minutes } min
}
clock-due-in = vence en { $time }
clock-overdue = vencido hace { $time }
clock-email-target = objetivo de correo
clock-kind = { $kind ->
    [first_response] Primera respuesta
    [next_response] Siguiente respuesta
    [progress_update] Actualización
    [acceptance] Aceptación por los especialistas
    [registration] Registro de la reclamación
    [resolution] Resolución
   *[follow_up] Seguimiento
}
clock-phase = { $phase ->
    [paused] En pausa
    [met] Cumplido
    [breached] Incumplido
   *[cancelled] Anulado
}
case-heading = Caso
case-category = Tema: { $name }
case-clocks = Plazos
case-facts = Datos clave
case-save-facts = Guardar datos
case-history = Historial
case-actor = { $actor ->
    [customer] Cliente
    [system] Parley
   *[staff] Equipo
}
case-transition = { $to } · { $who }
alert-due-soon = { $clock } a punto de vencer: { $visitor }
alert-breached = { $clock } vencido: { $visitor }

# Inbox filters
inbox-filters = Filtros de la bandeja
inbox-any = Cualquiera
inbox-filter-view = Mostrar
inbox-filter-sla = Plazo
inbox-filter-priority = Prioridad
inbox-filter-category = Tema
inbox-filter-language = Idioma
inbox-filter-tier = Nivel de cliente
inbox-filter-sort = Ordenar por
inbox-view = { $view ->
    [mine] Mías
    [unassigned] Sin asignar
   *[all] Todas
}
inbox-sla = { $sla ->
    [due_soon] A punto de vencer
   *[breached] Vencidas
}
inbox-sort = { $sort ->
    [due] Plazo
   *[activity] Actividad reciente
}
tier = { $tier ->
    [core] Clave
    [important] Importante
   *[ordinary] Normal
}
case-team = Equipo: { $name }
case-transfer = Transferir
case-transfer-team = Equipo
case-transfer-agent = Agente
case-transfer-queue = Cola del equipo (sin responsable)
case-transfer-note = Nota de traspaso
case-transfer-submit = Transferir
availability-label = Tu disponibilidad
availability = { $availability ->
    [available] Disponible
    [away] Ausente
   *[offline] Desconectado
}
staff-link = Equipo y asignación
staff-title = Equipo y asignación
staff-intro = Las conversaciones van a agentes disponibles con el panel abierto, del equipo de la conversación, en su turno y con la habilidad del tema; primero quienes hablan el idioma del cliente y luego quien tenga menos carga.
staff-new = Añadir a alguien del equipo
staff-name = Nombre
staff-role = Rol
staff-role-name = { $role ->
    [junior] Agente júnior
    [senior] Agente sénior
    [supervisor] Supervisor
    [admin] Administrador
   *[mid] Agente
}
staff-create = Crear cuenta
staff-languages = Atiende en
staff-teams = Equipos
staff-skills = Habilidades (separadas por comas)
staff-capacity = Conversaciones a la vez
staff-save = Guardar perfil
case-customer = Cliente
case-customer-tier = Nivel
case-customer-owner = Responsable asignado (clientes clave)
case-customer-no-owner = Ninguno
case-customer-save = Guardar cliente
case-past = Conversaciones anteriores
case-past-none = No hay conversaciones anteriores.
widget-queue-position = { $waiting ->
    [one] Eres el siguiente en la fila.
   *[other] Estás en el puesto { $position } de { $waiting } en la fila.
}
widget-staff-online = Nuestro equipo está conectado ahora.
widget-staff-offline = Nuestro equipo no está disponible en este momento; tu mensaje está guardado y te responderemos en cuanto volvamos.
error-profile-invalid = Revisa el nombre, el correo, las habilidades, los equipos y la capacidad.
error-password-too-short = La contraseña debe tener al menos 12 caracteres.
error-email-taken = Ya hay alguien del equipo con ese correo.
compliance-blocked = «{ $phrase }» no se puede enviar en este sitio. Reformula tu respuesta.
compliance-warning = «{ $phrase }» está en la lista de expresiones a evitar de este sitio. ¿Enviarla de todos modos?
compliance-send-anyway = Enviar de todos modos
compliance-edit = Editar respuesta
staff-compliance = Expresiones que el equipo no debe enviar
staff-compliance-hint = Una expresión por línea. Una línea que empieza por ! bloquea la respuesta; las demás avisan al agente, que puede confirmar y enviar.
staff-compliance-version = Versión de la política { $version }
staff-compliance-save = Guardar expresiones
error-compliance-blocked = La respuesta contiene una expresión prohibida en este sitio; no se envió.
error-compliance-warning = La respuesta contiene una expresión a evitar; confirma para enviarla.
case-ratings = Valoración del cliente
case-rating-score = { $score } de 5
case-notes = Notas internas
case-note-label = Añade una nota para el equipo (el cliente no la ve; @nombre menciona a alguien)
case-note-save = Añadir nota
mention-alert = { $name } te mencionó en una nota
canned-label = Insertar una respuesta predefinida
canned-unfilled = Completa antes de enviar: { $names }
staff-canned = Respuestas predefinidas
staff-canned-hint = Respuestas preparadas por idioma. Las variables como {"{"}order_number{"}"}, {"{"}waybill_number{"}"} y {"{"}agent_name{"}"} se rellenan con los datos de la conversación; vacía un cuadro para quitar ese idioma.
staff-canned-new = Nueva respuesta predefinida
staff-canned-key = Nombre (minúsculas, cifras y guiones)
staff-canned-save = Guardar respuesta
error-reply-key-invalid = El nombre de una respuesta solo puede tener minúsculas, cifras y guiones (hasta 40) y no puede ser "greeting".
upload-busy = Subiendo…
upload-remove = Quitar { $name }
upload-photo = Archivo del cliente
error-attachment-too-large = El archivo es demasiado grande (máximo 10 MB).
error-attachment-type = Adjunta una foto (JPEG, PNG, GIF, WebP) o un PDF.
error-storage-quota = Este sitio no puede recibir más archivos por ahora. Describe el problema con palabras; el equipo te pedirá fotos si las necesita.
texts-topics = Temas y etiquetas de sus formularios
texts-topic = Tema / campo
texts-topics-missing = { $count ->
    [0] Todos los temas y etiquetas están traducidos.
    [one] Falta traducir un nombre o etiqueta; los clientes lo verán en { $fallback }.
   *[other] Faltan { $count } nombres o etiquetas por traducir; los clientes los verán en { $fallback }.
}
setup-title = Equipos, temas y plazos
setup-intro = Lo que usan la asignación y los relojes de SLA. Cada parte se guarda por separado y se comprueba antes; si se rechaza, se indica dónde está el problema.
setup-part = { $part ->
    [teams] Equipos regionales
    [topics] Temas y sus formularios
    [fees] Calculadora de gastos de envío
    [compensation] Autoridad de compensación y tipos de cambio
    [root_causes] Causas raíz de las quejas
   *[targets] Plazos de SLA
}
setup-hint = { $part ->
    [teams] Cada equipo: nombre, calendario (time_zone; shifts con day mon–sun y start/end HH:MM, un final igual o anterior al inicio pasa de medianoche; closures como AAAA-MM-DD) y, opcionalmente, el correo de su supervisor y de la persona de guardia. Los equipos que no aparezcan se conservan.
    [topics] Cada tema: key, nombres por idioma, priority (urgent, routine, consultation), complaint, fields (key, kind text/number/date/country/reference/upload, required, labels, pattern), nombre del equipo y habilidad.
    [fees] Cada línea de precios: key, nombres por idioma, currency (código ISO 4217 como CNY, EUR o JPY), first_kg y first_price, step_kg y step_price (por cada tramo adicional iniciado) y, opcionalmente, max_kg. Precios en la unidad principal de la moneda, p. ej. "9.90".
    [compensation] reference_currency (ISO 4217, USD salvo que elijas otra), junior y mid: lo que un agente junior o intermedio concede por sí solo, en esa moneda; rates: currency, from (AAAA-MM-DD o una hora completa) y rate (cuánto vale una unidad en la moneda de referencia, hasta 6 decimales). Los tipos se añaden, nunca se cambian: añade uno nuevo desde una fecha posterior.
    [root_causes] Cada causa: key (minúsculas, dígitos, _ o -) y nombres por idioma. Se elige una al cerrar una queja. Una lista vacía ([]) da las causas predeterminadas.
   *[targets] Minutos por plazo (primera respuesta por prioridad, primera respuesta en chat, siguiente respuesta, actualización de progreso, registro de quejas, resolución por prioridad), follow_up_working_days y warn_percent.
}
setup-save = Guardar
setup-json = Edición masiva (JSON)
setup-json-hint = La misma configuración en JSON, para copiarla entre sitios o editar muchas entradas a la vez. Los formularios de arriba y estos cuadros guardan los mismos datos.
setup-targets = Objetivos de SLA
setup-targets-hint = Con qué rapidez debe responder y resolver el equipo, por prioridad. Los relojes corren según el horario de atención de cada equipo.
setup-unit =
    { $unit ->
        [days] días laborables
        [pct] %
       *[min] minutos
    }
setup-target-urgent-first-response = Primera respuesta, urgente
setup-target-routine-first-response = Primera respuesta, normal
setup-target-consultation-first-response = Primera respuesta, consulta
setup-target-chat-first-reply = Primera respuesta en un chat
setup-target-complaint-first-reply = Primera respuesta en un chat de queja
setup-target-next-response = Respuesta a un mensaje posterior
setup-target-progress-update = Actualización del progreso al menos cada
setup-target-complaint-registration = Reclamación en trámite en menos de
setup-target-escalation-acceptance = Escalado asumido por el equipo especialista en
setup-target-urgent-resolution = Resolución, urgente
setup-target-routine-resolution = Resolución, normal
setup-target-consultation-resolution = Resolución, consulta
setup-target-follow-up-working-days = Seguimiento tras la resolución
setup-target-warn-percent = Avisar cuando haya pasado esta parte de un objetivo
setup-fees-hint = Cada línea fija el precio de un peso: el primer tramo y después cada tramo adicional empezado, hasta un máximo opcional. Pesos en kg, precios en la unidad principal de la moneda (p. ej., 9.90). Rellena la línea vacía para añadir una; marca «Quitar» para borrarla; cambia las posiciones para reordenar.
setup-fee-line = Línea { $n }
setup-fee-new = Línea nueva
setup-fee-key = Clave (minúsculas, cifras, - y _)
setup-fee-names = Nombre
setup-fee-currency = Moneda (código ISO, p. ej., EUR)
setup-fee-first-kg = Primer tramo (kg)
setup-fee-first-price = Precio del primer tramo
setup-fee-step-kg = Cada tramo adicional (kg)
setup-fee-step-price = Precio de cada tramo adicional
setup-fee-max-kg = Peso máximo (kg, opcional)
setup-order = Posición
setup-remove = Quitar
setup-teams-hint = Cada equipo atiende en su propio horario: los relojes del SLA se detienen fuera de él y en los días de cierre. Rellena el equipo vacío para añadir uno. Aquí nunca se borran equipos (las conversaciones y los temas pueden seguir usándolos).
setup-team = Equipo { $n }
setup-team-new = Equipo nuevo
setup-team-name = Nombre
setup-team-zone = Zona horaria (escribe para buscar, p. ej., Europe/Madrid)
setup-shifts = Turnos
setup-shifts-hint = Una fila por turno; varias el mismo día para turnos partidos. Un fin igual o anterior al inicio pasa de medianoche. Las filas vacías añaden turnos; marca «Quitar» para borrar uno.
setup-shift-day = Día
setup-shift-start = Desde
setup-shift-end = Hasta
setup-closures = Días de cierre
setup-closure = Cerrado el
setup-team-supervisor = Supervisor (recibe las escalaciones)
setup-team-on-call = De guardia (huecos urgentes)
setup-nobody = Nadie
setup-team-kept = Para retirar un equipo, pasa sus temas a otro equipo.
setup-day-mon = lunes
setup-day-tue = martes
setup-day-wed = miércoles
setup-day-thu = jueves
setup-day-fri = viernes
setup-day-sat = sábado
setup-day-sun = domingo
setup-topics-hint = Sobre qué pueden preguntar los clientes, cada tema con su formulario: los datos que el widget pide antes del primer mensaje. Rellena el tema (o campo) vacío para añadir uno; marca «Quitar» para borrarlo; cambia las posiciones para reordenar.
setup-topic = Tema { $n }
setup-topic-new = Tema nuevo
setup-topic-key = Clave (minúsculas, cifras, - y _)
setup-topic-names = Nombre por idioma
setup-topic-priority = Prioridad
setup-topic-team = Equipo
setup-topic-skill = Habilidad necesaria para asignarlo (opcional)
setup-topic-complaint = Una reclamación (reloj de registro y seguimiento)
setup-field = Campo { $n }
setup-field-new = Campo nuevo
setup-field-key = Clave
setup-field-kind = Tipo
setup-field-labels = Etiqueta por idioma
setup-field-pattern = Patrón (referencias: una expresión regular que debe cumplir todo el valor)
setup-field-example = Ejemplo (se muestra como marcador)
setup-field-required = Obligatorio
setup-kind-text = Texto
setup-kind-number = Número
setup-kind-date = Fecha
setup-kind-country = País
setup-kind-reference = Referencia (pedido, envío…)
setup-kind-upload = Fotos o archivos
setup-priority-urgent = Urgente
setup-priority-routine = Normal
setup-priority-consultation = Consulta
error-config-invalid = No se puede guardar esta configuración. Revisa el lugar indicado:

# Issue 5: second factor, sessions, audit log
code-heading = Introduzca su código de acceso
code-hint = Abra su aplicación de autenticación e introduzca el código de 6 dígitos de Parley o uno de sus códigos de recuperación.
code-label = Código
code-submit = Entrar
enrol-heading = Verificación en dos pasos
enrol-required = Su rol debe usar la verificación en dos pasos. Actívela para continuar.
enrol-hint = Escanee el código QR con una aplicación de autenticación o escriba la clave y, a continuación, introduzca el código de 6 dígitos que muestre.
enrol-qr = Código QR para su aplicación de autenticación
enrol-secret = Clave:
enrol-submit = Activar
password-heading = Contraseña
password-current = Contraseña actual
password-new = Contraseña nueva
password-rules = Al menos 12 caracteres; que no sea una contraseña común, tu correo ni tu nombre. Tus otras sesiones se cerrarán al cambiarla.
password-submit = Cambiar la contraseña
password-required = Un administrador te pide que elijas una contraseña nueva antes de continuar.
security-title = Seguridad
security-totp-on = La verificación en dos pasos está activada.
security-totp-off = La verificación en dos pasos está desactivada.
security-recovery-left = Quedan { $count } códigos de recuperación sin usar.
security-fresh-codes = Sus códigos de recuperación. Guárdelos en un lugar seguro: cada uno sirve una vez y solo se muestran ahora.
security-sessions = Sus sesiones
security-session-current = este navegador
security-revoke-others = Cerrar las demás sesiones
security-policy = Norma de verificación en dos pasos
security-policy-hint = Roles que deben usar la verificación en dos pasos
audit-title = Registro de auditoría
audit-action = Acción
audit-actor = Quién
audit-conversation = Conversación
audit-from = Desde
audit-until = Hasta
audit-apply = Filtrar
audit-export = Exportar (JSON)
audit-count = { $count } entradas
audit-when = Cuándo
audit-detail = Detalles
audit-ip = Dirección
staff-unlock = Desbloquear
staff-reset-totp = Restablecer la verificación en dos pasos
staff-end-sessions = Cerrar todas las sesiones
staff-require-password = Exigir una contraseña nueva
error-password-common = Esta contraseña es demasiado común o fácil de adivinar. Elija otra.
error-account-locked = Demasiados intentos fallidos: la cuenta está bloqueada temporalmente. Inténtelo más tarde o consulte a un administrador.
error-too-many-attempts = Demasiados intentos fallidos desde aquí. Espere unos minutos.
error-code-invalid = Ese código no es válido. Introduzca el código actual de 6 dígitos o un código de recuperación sin usar.
error-csrf-invalid = Este formulario ha caducado. Recargue la página e inténtelo de nuevo.
error-conversation-forbidden = No tiene acceso a esta conversación.
error-read-only = Solo puede leer esta conversación.

# Issue 5: personal data, consent, retention, identity
contact-field = { $field ->
    [email] Correo electrónico
    [phone] Teléfono
    [address] Dirección
   *[name] Nombre
}
contact-heading = Cliente
contact-none = No hay datos de contacto.
contact-verified = Usuario identificado del sitio: { $user }
contact-consent = Consentimiento dado:
customer-export = Exportar datos del cliente (JSON)
customer-erase-confirm = Confirmo que el cliente pidió borrar sus datos
customer-erase = Borrar datos del cliente
contact-offer = Dejar sus datos de contacto
contact-update = Actualizar sus datos de contacto
contact-saved = Sus datos de contacto están guardados.
contact-notice = Pedimos su nombre, correo, teléfono y dirección solo para responderle y dar seguimiento a su solicitud. Se guardan cifrados, solo los ve el personal que atiende su caso y se eliminan { $days } días después de cerrarlo.
contact-consent-label = Acepto que mis datos de contacto se usen para esto.
contact-submit = Guardar datos
contact-cancel = Cancelar
privacy-heading = Privacidad: { $site }
privacy-retention = Conservar datos personales (días tras cerrar un caso)
privacy-retention-hint = Después se destruyen los datos de contacto, los textos, las respuestas de formularios y los archivos; queda un registro de destrucción.
privacy-identity-required = Solo pueden chatear usuarios identificados del sitio (identidad verificada obligatoria)
privacy-identity-hint = Su servidor firma el id de usuario con este secreto (HMAC-SHA256, hex) y lo pone en data-user-hash junto a data-user-id.
privacy-identity-secret = Secreto de identidad:
privacy-new-secret = Generar un secreto nuevo (el anterior deja de funcionar)
error-consent-required = Marque la casilla para dar su consentimiento antes de enviar sus datos.
error-contact-invalid = Revise este campo.
error-identity-invalid = El chat no pudo confirmar su identidad. Vuelva a iniciar sesión en el sitio.
error-rating-invalid = Elija de 1 a 5 estrellas.
error-already-rated = Ya ha valorado esta conversación. ¡Gracias!

# Issue 5: break-glass access
access-heading = Solicitudes de acceso
access-reason-label = ¿Por qué necesita ver la conversación #{ $id }? Decide un supervisor; el acceso es de solo lectura, temporal y queda registrado.
access-request = Solicitar acceso de solo lectura
access-pending = Su solicitud para la conversación #{ $id } espera a un supervisor.
access-approved = Acceso de solo lectura a la conversación #{ $id } hasta
access-denied = Su solicitud para la conversación #{ $id } fue denegada.
access-open = Abrir
access-asks = { $agent } pide ver la conversación #{ $id }:
access-duration = Durante
access-minutes = { $minutes } minutos
access-approve = Aprobar
access-deny = Denegar
read-only-banner = Acceso de solo lectura (emergencia), registrado, hasta
staff-sites = Sitios (claves separadas por comas; vacío: todos)

## Compensación (issue 18)
notice-compensation-granted = { $kind ->
    [refund] Te reembolsamos { $amount }.
    [coupon] Recibirás un cupón por valor de { $amount }.
    [reshipment] Te enviaremos de nuevo tu pedido (valor { $amount }).
   *[other] Recibirás una compensación por valor de { $amount }.
}
notice-compensation-refused = Lo sentimos: la compensación de { $amount } no pudo aprobarse. Tu agente te explicará los siguientes pasos.
compensation-heading = Compensación
compensation-kind = { $kind ->
    [refund] Reembolso
    [coupon] Cupón
    [reshipment] Reenvío
   *[other] Otra
}
compensation-kind-label = Tipo
compensation-amount = Importe
compensation-currency = Moneda (código ISO)
compensation-reason = Motivo
compensation-major-label = Queja grave (reclamación alta o riesgo de marca): decide la dirección
compensation-limit = Concedes hasta { $amount } por tu cuenta; por encima, aprueba un supervisor.
compensation-no-limit = Concedes cualquier importe por tu cuenta, salvo en quejas graves.
compensation-propose = Proponer compensación
compensation-reference = (= { $amount })
compensation-major = queja grave
compensation-proposed = Propuesta de { $who }
compensation-decided = { $outcome ->
    [granted] Concedida por { $who }: { $amount }
    [approved] Aprobada por { $who }: { $amount }
    [reduced] Reducida por { $who } a { $amount }
   *[refused] Rechazada por { $who }
}
compensation-waiting = { $stage ->
    [supervisors] Esperando a un supervisor
    [on_call] Esperando a la persona de guardia
   *[management] Esperando a la dirección
}, { $left }
compensation-decide-reason = Motivo (obligatorio para reducir o rechazar)
compensation-reduce-to = Reducir a ({ $currency })
compensation-approve = Aprobar
compensation-reduce = Reducir
compensation-refuse = Rechazar
compensation-approvals = Compensaciones pendientes de tu decisión
case-escalate = Escalar a los especialistas de este equipo (la asumen en menos de una hora; se avisa al cliente)
case-complex = Consulta compleja: una actualización al cliente cada 30 minutos
notice-escalated = { $owner ->
    [none] Tu consulta está ahora con nuestros especialistas de { $team }.
   *[other] Tu consulta está ahora con { $owner }, de nuestros especialistas de { $team }.
}
notice-escalated-by = Te responderán antes del { $time }.

## Registro de quejas (issue 18)
complaints-title = Quejas
analysis-title = Análisis mensual de quejas
complaint-heading = Queja
complaint-step = { $step ->
    [raised] Recibida
    [registered] Registrada
    [investigated] Investigada
    [resolved] Resuelta
    [answered] Respondida
   *[closed] Cerrada
}
complaint-clock = { $clock ->
    [registration] Registro (1 hora laborable)
    [investigation] Investigación (2 días laborables)
    [answer] Respuesta al cliente (1 día laborable)
   *[follow_up] Seguimiento (3 días laborables)
}
complaint-standing = { $standing ->
    [met] cumplido
    [breached] con retraso
    [overdue] vencido
    [due_soon] vence pronto
   *[running] en curso
}
complaint-owner = Responsable: { $name }
complaint-open = Abrir en el registro de quejas
complaint-summary = De qué trata la queja
complaint-major = Grave (reclamación alta o riesgo de marca)
complaint-raise = Registrar una queja
complaint-alert = { $breached ->
    [true] Queja #{ $id }: { $clock } está vencido
   *[other] Queja #{ $id }: { $clock } vence pronto
}
complaint-case = Queja #{ $id }
complaint-result = Resultado
complaint-cause = Causa raíz
complaint-note = Nota (opcional)
complaint-history = Historial
complaint-history-line = { $action ->
    [raised] Recibida
    [registered] Registrada
    [investigated] Investigada
    [resolved] Resuelta
    [answered] Respondida
    [closed] Seguimiento hecho y cerrada
    [linked] Conversación vinculada
   *[owner] Cambio de responsable o gravedad
} { $who }
complaint-take-step = { $step ->
    [registered] Registrar y asumirla
    [investigated] Marcar como investigada
    [resolved] Marcar como resuelta
    [answered] Marcar como respondida
   *[closed] Seguimiento hecho: cerrar
}
complaint-severity = { $severity ->
    [major] Grave
   *[ordinary] Normal
}
complaint-root-cause = { $key ->
    [carrier_delay] Retraso del transportista
    [damaged_in_transit] Dañado en el transporte
    [lost_parcel] Paquete perdido
    [wrong_item] Artículo equivocado
    [product_defect] Defecto del producto
    [customs] Aduanas
    [billing_error] Error de facturación
    [staff_conduct] Trato del personal
    [website_error] Error del sitio web
   *[other] Otra
}
complaints-all = Todas
complaints-site = Sitio
complaints-state = Estado
complaints-state-option = { $state ->
    [open] Abiertas
    [closed] Cerradas
    [raised] Recibidas
    [registered] Registradas
    [investigated] Investigadas
    [resolved] Resueltas
   *[answered] Respondidas
}
complaints-overdue = Solo vencidas
complaints-category = Tema
complaints-owner = Responsable
complaints-severity = Gravedad
complaints-raised = Recibida
complaints-customer = Cliente
complaints-clocks = Plazos
complaints-clock = Plazo
complaints-due = Vence
complaints-done = Hecho
complaints-standing = Estado
complaints-export = Descargar CSV
complaints-no-topic = Sin tema
complaints-outcome = { $outcome ->
    [granted] concedida
    [approved] aprobada
    [reduced] reducida
    [refused] rechazada
   *[waiting] pendiente de aprobación
}
analysis-month = Mes
analysis-compensation-export = Registro de compensaciones (CSV)
analysis-share = { $complaints ->
    [one] { $complaints } queja
   *[other] { $complaints } quejas
} en { $conversations ->
    [one] { $conversations } conversación
   *[other] { $conversations } conversaciones
}: { $share } (objetivo: como máximo 5 %)
analysis-by-category = Quejas por tema
analysis-by-root-cause = Quejas por causa raíz
analysis-on-time = Plazos cumplidos a tiempo
analysis-compensation = Compensación concedida, por tipo
analysis-trend = Quejas en los últimos 12 meses
complaint-linked = También abarca
complaint-link = Otra conversación de este cliente
complaint-link-save = Vincular a esta queja

## API keys (issue 19)
api-keys-title = Claves de API
api-keys-intro = Claves que tu back-end envía como Authorization: Bearer para leer y cambiar los datos de este sitio por /api/v1. Una clave se muestra una sola vez, al crearla; Parley solo guarda un hash.
api-key-name = Nombre
api-key-scope = Alcance
api-key-scope-option = { $scope ->
    [write] Lectura y escritura
   *[read] Solo lectura
}
api-key-create = Crear una clave
api-key-created = Copia esta clave ahora: no se volverá a mostrar.
api-key-prefix = Empieza por
api-key-last-used = Último uso
api-key-never = nunca
api-key-state = Estado
api-key-revoke = Revocar
api-key-revoked = La clave está revocada: desde ahora se rechazan las peticiones con ella.
api-key-revoked-at = revocada

api-docs-json = El documento OpenAPI 3.1 (JSON)
api-docs-operations = Operaciones
api-docs-types = Tipos
api-docs-parameters = Parámetros
api-docs-name = Nombre
api-docs-in = Ubicación
api-docs-type = Tipo
api-docs-description = Descripción
api-docs-required = obligatorio
api-docs-body = Cuerpo de la solicitud
api-docs-responses = Respuestas
api-docs-reference = Referencia de la API

webhooks-title = Webhooks
webhooks-intro = Parley llama a estas direcciones de tu back-end cuando ocurre algo en este sitio. Cada entrega es un POST JSON firmado con el secreto del endpoint en la cabecera Parley-Signature (t=hora,v1=HMAC-SHA256 de "hora.cuerpo"); compruébala y responde con un estado 2xx. Las entregas fallidas se reintentan durante 24 horas.
webhooks-url = URL del endpoint
webhooks-events = Eventos
webhooks-add = Añadir el endpoint
webhooks-none = Aún no hay endpoints.
webhooks-secret = Secreto de firma
webhooks-failing = Las entregas fallan desde hace un día; abandonadas desde
webhooks-healthy = Las entregas están llegando.
webhooks-remove = Eliminar
webhooks-log = Últimas entregas
webhooks-event = Evento
webhooks-when = Cuándo
webhooks-attempts = Intentos
webhooks-answer = Respuesta
webhooks-redeliver = Enviar de nuevo
webhooks-state = { $state ->
    [delivered] Entregada
    [given-up] Abandonada
   *[pending] Esperando otro intento
}
webhooks-done = { $what ->
    [added] Se añadió el endpoint.
    [removed] Se eliminó el endpoint.
   *[redelivered] La entrega se enviará de nuevo.
}
lookup-title = Consulta de pedidos (Seguir mi pedido)
lookup-intro = Cuando un cliente sigue un pedido en el widget, o un agente lo consulta en el panel del caso, Parley envía a esta dirección, en JSON y firmado como un webhook, el número de pedido, el id de usuario del cliente (o el correo o código postal que indicó) y su idioma, y muestra los pasos de la respuesta. Déjalo en blanco para desactivar el seguimiento.
lookup-save = Guardar la consulta de pedidos
track-title = Seguir mi pedido
track-order = Número de pedido o de envío
track-contact = Correo electrónico o código postal del pedido
track-submit = Seguir
track-order-is = Pedido { $order }
track-eta = Previsto: { $when }
track-step = { $kind ->
    [accepted] Pedido aceptado
    [in_transit] En camino
    [customs] En aduanas
    [out_for_delivery] En reparto
    [delivered] Entregado
    [exception] Retenido
   *[returned] De vuelta al remitente
}

## Help centre (issue 20)
help-files = Descargas
help-title = Centro de ayuda
help-search-label = Buscar en el centro de ayuda
help-search-button = Buscar
help-results = Resultados para «{ $query }»
help-no-results = Ningún artículo coincide. Pruebe con otras palabras o pregúntenos en el chat.
help-back = Todos los artículos
help-other-articles = Más artículos
help-shown-in = Este artículo aún no está escrito en su idioma; se muestra en { $language }.
help-languages = Otros idiomas

## Knowledge base at the desk (issue 20)
kb-suggest = Artículos
kb-suggest-search = Buscar artículos
kb-suggest-none = Ningún artículo encaja. Busque con otras palabras.
kb-insert-link = Insertar enlace
kb-insert-text = Insertar texto
kb-files = Archivos
kb-file-add = Adjuntar un archivo (PDF o imagen, hasta 10 MB)
kb-file-remove = Quitar
kb-uploading = Subiendo…
kb-title = Base de conocimiento
kb-intro = Artículos que los clientes encuentran en el widget, el centro de ayuda y las respuestas del bot, una versión por idioma. Un cambio se aplica al instante.
kb-new = Nuevo artículo
kb-edit = Editar artículo
kb-articles = Artículos
kb-none = Aún no hay artículos.
kb-slug = Dirección (a–z, 0–9, guiones)
kb-collection = Colección
kb-no-collection = Sin colección
kb-locale = Idioma
kb-article-title = Título
kb-body = Texto
kb-body-hint = Una línea en blanco empieza un párrafo nuevo; una línea que empieza por «- » es un elemento de lista.
kb-published = Publicado (los clientes lo ven)
kb-save = Guardar
kb-preview = Vista previa
kb-history = Historial
kb-remove = Eliminar artículo
kb-saved = Guardado. Los clientes ya ven el cambio.
kb-removed = Artículo eliminado.
kb-views = Visitas
kb-helpful = Ayudó
kb-not-helpful = No ayudó
kb-offered = Respuestas del bot
kb-help-centre-link = Abrir el centro de ayuda
kb-figures = Últimos 30 días: { $alone } conversaciones resueltas solo por el bot, { $handed } pasadas a una persona.
kb-fallback-note = Aún no está escrito en { $language }: quienes leen en { $language } ven la versión en { $fallback }.
kb-state = { $state ->
    [live] publicado
    [draft] borrador
   *[missing] falta
}
kb-action = { $action ->
    [published] publicado
    [unpublished] devuelto a borrador
    [file_added] archivo adjuntado
    [file_removed] archivo quitado
    [moved] dirección o colección fijada
    [removed] eliminado
   *[saved] guardado
}

## The bot (issue 20)
bot-name = Asistente
bot-answer = Este artículo puede responder a tu pregunta:
bot-answer-more = Si no es así, elige «Hablar con una persona» o pregunta con otras palabras.
bot-fetching = Te paso con una persona. Alguien de nuestro equipo te responderá aquí.
bot-no-answer = No encontré una respuesta en nuestro centro de ayuda, así que te paso con una persona. Alguien de nuestro equipo te responderá aquí.
help-vote-question = ¿Te ha sido útil?
help-vote-yes = Sí
help-vote-no = No
help-vote-thanks = Gracias por decírnoslo.
help-talk-to-person = Hablar con una persona
kb-bot-label = El bot responde a los clientes con estos artículos
kb-bot-hint = Cuando está seguro de una respuesta envía el artículo; si no, o si se lo piden, pasa la conversación a una persona y los plazos empiezan entonces. Al apagarlo pasa a una persona todo lo que tenga.
kb-bot-save = Guardar
kb-bot-on = El bot está activado.
kb-bot-off = El bot está desactivado; sus conversaciones están en la cola.
case-bot = El bot
case-bot-holding = El bot está respondiendo; ningún plazo corre hasta que la pase a una persona.
case-bot-handed = El bot la pasó a una persona a las { $time }.
case-bot-answered = El bot respondió.
case-bot-verdict = { $verdict ->
    [yes] útil
    [no] no útil
   *[none] sin respuesta aún
}
widget-help = Ayuda
widget-help-close = Cerrar la ayuda
widget-talk-to-person = Hablar con una persona
widget-read-article = Leer el artículo

reports-title = Informes de servicio
report-from = Desde
report-until = Hasta
report-tz = Zona horaria
report-by = Desglosar por
report-period = Evolución por
report-dimension = { $by ->
    [agent] Agente
    [team] Equipo
    [region] Región del cliente
    [language] Idioma
    [category] Tema
   *[priority] Prioridad
}
report-period-name = { $period ->
    [day] Día
    [week] Semana
   *[month] Mes
}
report-metric = { $metric ->
    [conversations] Conversaciones
    [response_rate] Tasa de respuesta
    [on_time_first_response] Primeras respuestas a tiempo
    [resolution_rate] Tasa de resolución
    [first_contact_resolution] Resolución en el primer contacto
    [first_response_mean] Primera respuesta media
    [first_response_p90] Primera respuesta, percentil 90
    [csat] Satisfacción (CSAT)
    [ratings] Valoraciones
    [complaint_rate] Tasa de reclamaciones
    [complaint_resolution_time] Tiempo de resolución de reclamaciones
    [follow_up_completion] Seguimientos hechos a tiempo
   *[qa_score] Puntuación de calidad
}
report-verdict = { $met ->
    [yes] Objetivo cumplido
   *[no] Objetivo no cumplido
} ({ $metric ->
    [on_time_first_response] al menos 95 %
    [resolution_rate] al menos 90 %
    [csat] al menos 4,5
    [complaint_rate] como máximo 5 %
   *[complaint_resolution_time] en 24 h como máximo
})
report-none = { $by ->
    [agent] Sin asignar
    [team] Sin equipo
    [region] Región desconocida
    [language] Idioma desconocido
    [category] Sin tema
   *[priority] Ninguna
}
report-region = { $area ->
    [Europe] Europa
    [Asia] Asia
    [America] América
    [Africa] África
    [Australia] Australia
    [Pacific] Pacífico
    [Atlantic] Atlántico
    [Indian] Océano Índico
   *[Antarctica] Antártida
}
report-total = Todas las conversaciones
report-scope-site = Todo el sitio
report-scope-teams = Sus equipos y la cola general
report-in-zone = Días en { $tz }
report-export = { $table ->
    [slices] Descargar la tabla por desglose (CSV)
   *[trend] Descargar la tabla de evolución (CSV)
}
report-trend-title = { $period ->
    [day] Día a día
    [week] Semana a semana
   *[month] Mes a mes
}
report-slices-title = Por { $by }
report-chart-title = { $metric } por { $by }
report-table-title = Todas las cifras por { $by }
chart-summary = { $count } filas. Máximo: { $high } ({ $high_value }); mínimo: { $low } ({ $low_value }).
chart-empty = No hay nada que mostrar en este periodo.
report-audit-title = Revisión mensual del registro de auditoría
report-audit-owed = { $count ->
    [0] Todos los meses cerrados del registro de auditoría están revisados.
    [one] Falta revisar un mes del registro de auditoría.
   *[other] Faltan por revisar { $count } meses del registro de auditoría.
}
report-audit-open = Registro de auditoría de { $month }
report-audit-note = Qué comprobó y qué encontró
report-audit-mark = Marcar como revisado
report-audit-reviewed = { $month } revisado por { $name }
report-audit-done = { $month } está marcado como revisado.

qa-title = Revisiones de calidad
qa-done = { $done ->
    [drawn] La muestra de la semana está sorteada.
    [added] La conversación está en la muestra.
    [reviewed] La evaluación está guardada.
   *[sheet] La hoja de evaluación está guardada.
}
qa-week-label = Un día de la semana
qa-week-title = Semana del { $from } al { $until } ({ $tz })
qa-previous = Semana anterior
qa-next = Semana siguiente
qa-counts = { $closed ->
    [one] 1 conversación cerrada esta semana
   *[other] { $closed } conversaciones cerradas esta semana
}, { $sampled } en la muestra.
qa-drawn = Sorteada con la semilla { $seed } el
qa-drawn-early = (antes de acabar la semana; el resto se sortea al final)
qa-not-drawn = Aún sin sortear: la muestra se sortea al acabar la semana, o ahora con el botón.
qa-not-drawn-ended = Aún sin sortear; se sorteará en unos minutos, o ahora con el botón.
qa-draw = Sortear la muestra ahora
qa-sample-title = Muestra
qa-sample-none = No hay nada en la muestra.
qa-conversation = Conversación { $id } ({ $agent })
qa-added-by = añadida por { $name }
qa-drawn-by-lot = sorteada
qa-own = Usted atendió esta conversación, así que la evalúa otra persona.
qa-criterion = { $key ->
    [greeting] Saludo
    [accuracy] Exactitud
    [compliance] Cumplimiento
    [tone] Tono
    [resolution] Resolución
   *[other] { $key }
}
qa-criterion-weighted = { $criterion } (peso { $weight })
qa-points-choose = Elegir
qa-points-option = { $points ->
    [4] 4 — excelente
    [3] 3 — bien
    [2] 2 — suficiente
    [1] 1 — flojo
   *[0] 0 — ausente
}
qa-points = { $criterion }: { $points } de 4 (peso { $weight })
qa-comment = Comentario para el agente
qa-review-save = Guardar la evaluación
qa-reviewed-by = Conversación { $conversation } de { $agent }, evaluada por { $name }
qa-unsampled-title = Cerradas esta semana, fuera de la muestra
qa-add = Añadir a la muestra
qa-add-label = Añadir la conversación { $conversation } a la muestra
qa-sheet-title = Hoja de evaluación
qa-sheet-help = Cada criterio se puntúa de 0 a 4; los pesos deben sumar 100. Los nombres usan minúsculas y guiones bajos.
qa-sheet-key = Criterio
qa-sheet-weight = Peso
qa-sheet-key-row = Criterio { $row }
qa-sheet-weight-row = Peso del criterio { $row }
qa-sheet-save = Guardar la hoja
qa-mine-title = Evaluaciones de mis conversaciones
qa-mine-none = Todavía no se ha evaluado ninguna de sus conversaciones.

library-title = Biblioteca de casos
library-similar = Casos parecidos
library-search = Buscar en la biblioteca de casos
library-search-button = Buscar
library-none = No se encontró ningún caso.
library-rating = Valorado con { $score } de 5
library-added-by = Añadido por { $name }
library-demand = Qué quería el cliente
library-solution = Cómo se resolvió
library-in = Este caso está en la biblioteca de casos.
library-add-title = Añadir este caso a la biblioteca
library-add-help = Escríbalo para que un compañero pueda reutilizarlo. Se quitan el nombre, los datos de contacto y los números de tarjeta del cliente.
library-add = Añadir a la biblioteca
library-removed = El caso se quitó de la biblioteca.
library-remove = Quitar de la biblioteca
library-remove-label = Quitar el caso { $case } de la biblioteca

## E-mail (issue 22): the mails customers receive, the unsubscribe page.
mail-subject-reply = Nueva respuesta de { $site }
mail-subject-transcript = Su conversación con { $site }
mail-new-reply = { $site } ha respondido a su mensaje:
mail-transcript = Esta es su conversación con { $site }:
mail-earlier = Antes en la conversación
mail-you = Usted
mail-answer-hint = Responda a este correo: su respuesta llega directamente a la conversación.
mail-continue = Seguir en el chat de { $site }
mail-unsubscribe = No recibir más correos sobre esta conversación
mail-unsubscribe-title = Correos sobre esta conversación
mail-unsubscribe-confirm = Dejar de enviarme correos sobre esta conversación
mail-unsubscribed = No recibirá más correos sobre esta conversación.
setup-target-email-first-reply = Primera respuesta a un correo
message-by-email = por correo
channel-email = Correo
channel-chat = Chat
inbox-filter-channel = Canal
case-mail = Correo
case-mail-began = { $channel ->
    [email] Esta conversación empezó con un correo.
   *[other] Esta conversación empezó en el chat.
}
case-mail-reachable = Las respuestas que el cliente no vea en el chat se le envían por correo.
case-mail-unreachable = El cliente no dejó ninguna dirección de correo.
case-mail-unsubscribed = El cliente dejó de recibir correos sobre esta conversación.
case-mail-kind = { $kind ->
    [transcript] Transcripción
   *[other] Respuestas
}
case-mail-state = { $state ->
    [sent] enviado
    [retrying] aún no enviado ({ $attempts } intentos)
    [given_up] abandonado
   *[other] en cola
}
case-mail-transcript = Enviar la transcripción al cliente por correo
case-mail-files = Archivos que el cliente envió por correo
case-mail-file = { $name } · { $kb } KB · con el mensaje { $seq }
