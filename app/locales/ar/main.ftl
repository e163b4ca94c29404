## نافذة محادثة العميل
widget-title = تحدّث معنا
widget-greeting-default = مرحبًا! كيف يمكننا مساعدتك اليوم؟
widget-close = إغلاق المحادثة
widget-launcher = تحدّث معنا
widget-message-list = المحادثة
composer-label = رسالتك
composer-placeholder = اكتب رسالة…
composer-send = إرسال
typing-agent = فريق الدعم يكتب الآن…
widget-you = أنت
message-customer = العميل
widget-support = الدعم

## حالة التسليم
status-sending = جارٍ الإرسال…
status-sent = أُرسلت
status-delivered = وصلت
status-read = قُرئت
status-failed = لم تُرسل

## الاتصال
language-label = اللغة
connection-online = متصل
connection-reconnecting = انقطع الاتصال. جارٍ إعادة الاتصال…

## مكتب فريق الدعم
desk-message-list = سجل الرسائل
desk-title = مكتب Parley
login-heading = تسجيل الدخول إلى المكتب
login-email = البريد الإلكتروني
login-password = كلمة المرور
login-submit = تسجيل الدخول
logout = تسجيل الخروج
signed-in-as = مسجّل الدخول باسم { $name }
conversations-heading = المحادثات
conversations-empty = لا توجد محادثات بعد.
conversation-unread = { $count ->
    [zero] لا توجد رسائل غير مقروءة
    [one] رسالة واحدة غير مقروءة
    [two] رسالتان غير مقروءتين
    [few] { $count } رسائل غير مقروءة
    [many] { $count } رسالة غير مقروءة
   *[other] { $count } رسالة غير مقروءة
}
conversation-visitor = الزائر { $label }
conversation-status = { $status ->
    [received] جديدة
    [assigned] مُسندة
    [in_progress] قيد المعالجة
    [waiting_on_customer] بانتظار رد العميل
    [resolved] تم الحل
    [confirmed] أكّد العميل الحل
    [archived] مؤرشفة
   *[reopened] أُعيد فتحها
}
conversation-pick = اختر محادثة من القائمة.
conversation-no-messages = لا توجد رسائل بعد.
conversation-language = اللغة: { $locale }
conversation-local-time = الوقت المحلي: { $time }
reply-label = الرد
reply-placeholder = اكتب ردًا…
reply-send = إرسال
typing-customer = العميل يكتب الآن…

## رموز الأخطاء
error-invalid-json = أرسل التطبيق بيانات لم يستطع الخادم قراءتها.
error-unknown-frame-type = أرسل التطبيق طلبًا لا يعرفه الخادم.
error-invalid-frame = أرسل التطبيق طلبًا غير مكتمل.
error-frame-too-large = الحجم أكبر من أن يُرسل.
error-hello-required = لم يُنشأ الاتصال بشكل صحيح. جارٍ إعادة الاتصال…
error-unsupported-version = إصدار المحادثة قديم. يُرجى إعادة تحميل الصفحة.
error-unknown-site = المحادثة غير مُعدّة لهذا الموقع.
error-origin-forbidden = لا يُسمح باستخدام هذه المحادثة من هذا الموقع.
error-token-invalid = تعذّر التحقق من جلسة المحادثة، فبدأنا جلسة جديدة.
error-token-expired = انتهت صلاحية جلسة المحادثة، فبدأنا جلسة جديدة.
error-message-empty = اكتب شيئًا أولًا.
error-message-too-long = الرسالة طويلة جدًا. يُرجى اختصارها.
error-rate-limited = أنت ترسل الرسائل بسرعة كبيرة. يُرجى الانتظار قليلًا.
error-unauthorized = يُرجى تسجيل الدخول مرة أخرى.
error-invalid-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
error-not-found = هذه المحادثة غير موجودة.
error-invalid-transition = لا يمكن إجراء هذا التغيير في الحالة الحالية للمحادثة.
error-fact-missing = يُرجى تعبئة جميع الحقول المطلوبة.
error-fact-invalid = يُرجى التحقق من الحقل المميَّز.
error-category-required = يُرجى اختيار موضوع سؤالك.
error-lagged = تأخر الاتصال. جارٍ المزامنة…
error-origin-invalid = يجب أن يكون كل أصل مسموح به بالشكل https://host أو https://host:port (و http فقط لـ localhost)، أو https://*.example.com لنطاقاته الفرعية.
error-contrast-too-low = هذا اللون فاتح جدًا: سيصعب قراءة النص الأبيض عليه (يتطلب WCAG AA نسبة 4.5:1). اختر لونًا أغمق.
error-site-name-invalid = أعطِ الموقع اسمًا من 1 إلى 100 حرف.
error-amount-invalid = أدخل مبلغًا موجبًا دون منازل عشرية أكثر مما للعملة.
error-currency-unknown = هذا ليس رمز عملة (ISO 4217، مثل USD وEUR وJPY).
error-rate-missing = لا يوجد سعر صرف لهذه العملة بعد: يضيفه المسؤول في صفحة الإعداد.
error-already-decided = تم البت في هذا التعويض بالفعل.
error-not-approver = لا يمكنك البت في هذا التعويض: إنه اقتراحك أنت، أو يتجاوز صلاحيتك، أو لم يُوجَّه إليك بعد.
error-idempotency-conflict = استُخدم مفتاح Idempotency-Key هذا لطلب آخر، أو أن طلبه الأول لا يزال قيد التنفيذ.
error-webhook-url-invalid = أدخل عنوان URL يبدأ بـ http أو https ويتضمن اسم مضيف، دون اسم مستخدم أو كلمة مرور.
error-webhook-url-private = هذا العنوان على شبكة خاصة أو محلية؛ لا يستدعيه Parley.
error-webhook-limit = للموقع 10 نقاط نهاية على الأكثر؛ أزل واحدة أولًا.
error-tracking-not-found = لم نعثر على هذا الطلب. تحقّق من الرقم (ومن البريد الإلكتروني أو الرمز البريدي الذي قُدِّم به الطلب).
error-tracking-unavailable = تتبّع الطلبات غير متاح الآن. يُرجى المحاولة مجددًا بعد بضع دقائق.
error-tracking-off = لا يتيح هذا المتجر تتبّع الطلبات هنا.
error-slug-invalid = لا يحتوي العنوان إلا على أحرف لاتينية صغيرة a–z وأرقام وشرطات (80 على الأكثر).
error-slug-taken = هذا العنوان مستخدم لمقالة أخرى.
error-report-range-invalid = يجب أن تكون التواريخ أيامًا صحيحة، وألا يقع الأول بعد الأخير، وألا تزيد المدة على 400 يوم.
error-time-zone-unknown = منطقة زمنية غير معروفة: استخدم اسمًا مثل Europe/Berlin أو Asia/Dubai.
error-sheet-invalid = تحتاج ورقة التقييم إلى معيار واحد حتى 12 معيارًا، بأسماء من أحرف لاتينية صغيرة وأوزان مجموعها 100.
error-own-conversation = لا يقيّم أحد محادثة تولاها بنفسه.
error-already-reviewed = تم تقييم هذه المحادثة من قبل.
error-case-not-resolved = لا يدخل مكتبة الحالات إلا حالة تم حلها.
error-already-in-library = هذه الحالة موجودة في مكتبة الحالات من قبل.
error-no-email-address = لم يترك العميل عنوان بريد إلكتروني.
error-mail-off = لا يرسل Parley هذا بريدًا إلكترونيًا (لم يُضبط خادم SMTP).
error-internal = حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى.

## نصوص موجّهة للعملاء
texts-link = نصوص العملاء
texts-title = نصوص موجّهة للعملاء
texts-intro = يرى العملاء كل نص بلغتهم. إذا لم يتوفر نص بلغة ما، فسيرون النص باللغة { $fallback } بدلًا منه.
texts-kind = { $kind ->
    [away] رسالة الغياب (عندما لا يتوفر من يرد)
    [confirm] سؤال «هل حُلّت مشكلتك؟»
    [rating] سؤال التقييم (بعد الحل)
   *[greeting] رسالة الترحيب
}
texts-missing = غير متوفر — سيرى العملاء النص باللغة { $fallback }
texts-missing-count = { $count ->
    [0] لكل لغة نصها.
    [zero] لكل لغة نصها.
    [one] ترجمة واحدة ناقصة
    [two] ترجمتان ناقصتان
    [few] { $count } ترجمات ناقصة
    [many] { $count } ترجمة ناقصة
   *[other] { $count } ترجمة ناقصة
}
texts-save = حفظ النصوص
texts-saved = تم حفظ النصوص.
desk-back = العودة إلى المحادثات
error-forbidden = هذا الإجراء متاح للمسؤولين فقط.
error-text-too-long = أحد النصوص طويل جدًا (الحد الأقصى 1000 حرف).
texts-languages = اللغات المتاحة للعملاء
texts-languages-hint = العملاء الذين لا تتوفر لغتهم سيرون اللغة الافتراضية.
texts-default = اللغة الافتراضية
texts-languages-save = حفظ اللغات
sites-title = المواقع
sites-intro = كل موقع متجر أو علامة تجارية يضمّن الدردشة في صفحاته بوسم script واحد.
sites-list = مواقعك
sites-disabled = معطّل
sites-pick = اختر موقعًا لتغيير إعداداته.
sites-create = إضافة موقع
sites-name = الاسم
sites-create-button = إضافة الموقع
sites-saved-created = أُضيف الموقع. اسمح بالصفحات التي ستعرض الدردشة، ثم الصق فيها رمز التضمين.
sites-saved-settings = حُفظت الإعدادات. تطبّقها الصفحات المفتوحة خلال ثوانٍ.
sites-saved-enabled = الموقع مفعّل: تعود دردشته إلى التحميل.
sites-saved-disabled = الموقع معطّل: لم تعد دردشته تُحمَّل. تبقى محادثاته محفوظة.
sites-key = المفتاح العام
sites-origins = الصفحات المسموح لها بعرض الدردشة
sites-origins-hint = أصل واحد في كل سطر: https://shop.example.com أو https://shop.example.com:8443 أو https://*.example.com لكل نطاقاته الفرعية (http:// فقط لـ localhost). لا تظهر الدردشة في أي صفحة أخرى.
sites-accent = لون التمييز
sites-accent-hint = يُستخدم لزر الدردشة والأزرار تحت نص أبيض، لذا يجب أن يكون داكنًا بما يكفي (تباين 4.5:1 على الأقل، WCAG AA).
sites-position = موضع زر الدردشة
sites-position-end = أسفل اليمين (أسفل اليسار في الصفحات من اليمين إلى اليسار)
sites-position-start = أسفل اليسار (أسفل اليمين في الصفحات من اليمين إلى اليسار)
sites-launcher = تسمية زر الدردشة
sites-launcher-hint = ما تعلنه قارئات الشاشة لزر الدردشة، لكل لغة.
sites-launcher-default = غير محددة: تُستخدم تسمية Parley في هذه اللغة.
sites-identity = اشتراط هوية موثّقة (يوقّع خادم الموقع كل مستخدم مسجّل الدخول)
sites-save = حفظ الإعدادات
sites-snippet = رمز التضمين
sites-snippet-hint = الصق هذا قبل </body> مباشرة في كل صفحة يجب أن تعرض الدردشة.
sites-identity-snippets = التحقق من المستخدمين المسجّلين
sites-identity-hint = يحسب خادمك HMAC-SHA256 لمعرّف المستخدم بمفتاح هوية الموقع (في صفحة الأمان) ويعطي الصفحة المعرّف وتلك القيمة. لا تضع المفتاح نفسه في أي صفحة.
sites-identity-no-secret = لا يملك هذا الموقع مفتاح هوية بعد: أنشئه في صفحة الأمان.
sites-identity-page = في الصفحة
sites-setup-link = الفرق وساعات العمل والمواضيع
sites-texts-link = التحيات والنصوص الأخرى
sites-disable-hint = تتوقف دردشة الموقع المعطّل عن التحميل في كل مكان؛ وتبقى محادثاته وإعداداته محفوظة.
sites-disable = تعطيل الموقع
sites-enable = تفعيل الموقع
sites-staff = موظفو هذا الموقع
sites-staff-hint = تجيب الحسابات المحددة على عملاء هذا الموقع. من يُزال يخرج أيضًا من فرق هذا الموقع.
sites-staff-all = كل المواقع
sites-staff-save = حفظ الموظفين
sites-saved-staff = حُفظ الموظفون.
error-default-not-offered = يجب أن تكون اللغة الافتراضية إحدى اللغات المتاحة.

# Closed loop: intake, deadlines, case panel
intake-heading = أخبرنا بموضوع استفسارك
intake-category-label = الموضوع
intake-category-placeholder = اختر موضوعًا
fact-required = (مطلوب)
fact-choose-country = اختر بلدًا
widget-reply-by = سنرد عليك قبل { $time } (بتوقيتك المحلي).
widget-confirm-question = وضعنا علامة «تم الحل» على استفسارك. هل حُلّت مشكلتك؟
widget-confirm-yes = نعم، حُلّت
widget-confirm-no = لا، ليس بعد
widget-confirmed = شكرًا لتأكيدك. راسلنا في أي وقت.
widget-rating-question = كيف كانت خدمتنا؟ يُرجى تقييم هذه المحادثة.
widget-rating-star = { $score ->
    [zero] لا نجوم
    [one] نجمة واحدة
    [two] نجمتان
    [few] { $score } نجوم
    [many] { $score } نجمة
   *[other] { $score } نجمة
}
widget-rating-comment = هل تود إضافة شيء؟ (اختياري)
widget-rating-send = إرسال التقييم
widget-rating-thanks = شكرًا لك على ملاحظاتك!
widget-fees-open = حاسبة تكلفة الشحن
widget-fees-line = خط الشحن
widget-fees-rate = أول { $first_weight }: { $first_price }، وكل { $step_weight } إضافية: { $step_price }
widget-fees-max = حتى { $max_weight }
widget-fees-weight = وزن الطرد بالكيلوغرام
widget-fees-result = التكلفة التقديرية: { $price }
widget-fees-weight-invalid = أدخل الوزن بالكيلوغرام، مثل 1.5.
widget-fees-too-heavy = أكثر من { $max_weight }، يُرجى طلب عرض سعر منا.
priority = { $priority ->
    [urgent] عاجل
    [routine] اعتيادي
   *[consultation] استشارة
}
actions-label = إجراءات المحادثة
conversation-action = { $action ->
    [assign] تولَّ المحادثة
    [unassign] إعادة إلى قائمة الانتظار
    [start] بدء المعالجة
    [wait_for_customer] انتظار رد العميل
    [resolve] وضع علامة «تم الحل»
    [reopen] إعادة الفتح
   *[archive] أرشفة
}
duration = { $hours ->
    [0] { $minutes ->
        [0] { $seconds } ث
       *[other] { $minutes } د { $seconds } ث
    }
   *[other] { $hours } س { $minutes } د
}
clock-due-in = يستحق خلال { $time }
clock-overdue = متأخر بمقدار { $time }
clock-email-target = هدف البريد الإلكتروني
clock-kind = { $kind ->
    [first_response] الرد الأول
    [next_response] الرد التالي
    [progress_update] تحديث التقدم
    [acceptance] تولي المختصين
    [registration] تسجيل الشكوى
    [resolution] الحل
   *[follow_up] المتابعة
}
clock-phase = { $phase ->
    [paused] متوقف مؤقتًا
    [met] تم الالتزام
    [breached] لم يتم الالتزام
   *[cancelled] ملغى
}
case-heading = الحالة
case-category = الموضوع: { $name }
case-clocks = المواعيد النهائية
case-facts = المعلومات الأساسية
case-save-facts = حفظ المعلومات
case-history = السجل
case-actor = { $actor ->
    [customer] العميل
    [system] Parley
   *[staff] الفريق
}
case-transition = { $to } · { $who }
alert-due-soon = { $clock } يقترب موعده: { $visitor }
alert-breached = { $clock } تجاوز موعده: { $visitor }

# Inbox filters
inbox-filters = عوامل تصفية صندوق الوارد
inbox-any = الكل
inbox-filter-view = عرض
inbox-filter-sla = الموعد النهائي
inbox-filter-priority = الأولوية
inbox-filter-category = الموضوع
inbox-filter-language = اللغة
inbox-filter-tier = فئة العميل
inbox-filter-sort = الترتيب حسب
inbox-view = { $view ->
    [mine] محادثاتي
    [unassigned] غير مُسندة
   *[all] الكل
}
inbox-sla = { $sla ->
    [due_soon] يقترب موعدها
   *[breached] متأخرة
}
inbox-sort = { $sort ->
    [due] الموعد النهائي
   *[activity] آخر نشاط
}
tier = { $tier ->
    [core] عميل رئيسي
    [important] عميل مهم
   *[ordinary] عميل عادي
}
case-team = الفريق: { $name }
case-transfer = تحويل
case-transfer-team = الفريق
case-transfer-agent = الموظف
case-transfer-queue = قائمة انتظار الفريق (بلا مسؤول)
case-transfer-note = ملاحظة التسليم
case-transfer-submit = تحويل
availability-label = حالة توفرك
availability = { $availability ->
    [available] متاح
    [away] غير متواجد
   *[offline] غير متصل
}
staff-link = الفريق والتوزيع
staff-title = الفريق والتوزيع
staff-intro = تُوزَّع المحادثات على الموظفين المتاحين الذين فتحوا لوحة العمل، من فريق المحادثة، أثناء مناوبتهم، ولديهم مهارة الموضوع؛ أولًا من يتحدثون لغة العميل، ثم الأقل انشغالًا.
staff-new = إضافة موظف
staff-name = الاسم
staff-role = الدور
staff-role-name = { $role ->
    [junior] موظف دعم مبتدئ
    [senior] موظف دعم أول
    [supervisor] مشرف
    [admin] مسؤول النظام
   *[mid] موظف دعم
}
staff-create = إنشاء الحساب
staff-languages = يجيب بـ
staff-teams = الفرق
staff-skills = المهارات (مفصولة بفواصل)
staff-capacity = عدد المحادثات في الوقت نفسه
staff-save = حفظ الملف
case-customer = العميل
case-customer-tier = فئة العميل
case-customer-owner = المسؤول المخصص (كبار العملاء)
case-customer-no-owner = لا أحد
case-customer-save = حفظ بيانات العميل
case-past = المحادثات السابقة
case-past-none = لا توجد محادثات سابقة.
widget-queue-position = { $waiting ->
    [one] أنت التالي في الدور.
   *[other] ترتيبك { $position } من { $waiting } في قائمة الانتظار.
}
widget-staff-online = فريقنا متصل الآن.
widget-staff-offline = فريقنا غير متواجد حاليًا؛ رسالتك محفوظة وسنرد عليك فور عودتنا.
error-profile-invalid = يرجى التحقق من الاسم والبريد الإلكتروني والمهارات والفرق والسعة.
error-password-too-short = يجب أن تتكون كلمة المرور من 12 حرفًا على الأقل.
error-email-taken = يوجد موظف بهذا البريد الإلكتروني بالفعل.
compliance-blocked = لا يجوز إرسال «{ $phrase }» على هذا الموقع. يرجى إعادة صياغة ردك.
compliance-warning = «{ $phrase }» ضمن قائمة العبارات التي يجب تجنبها على هذا الموقع. هل تريد الإرسال رغم ذلك؟
compliance-send-anyway = الإرسال رغم ذلك
compliance-edit = تعديل الرد
staff-compliance = عبارات يُمنع على الموظفين إرسالها
staff-compliance-hint = عبارة واحدة في كل سطر. السطر الذي يبدأ بعلامة ! يمنع إرسال الرد؛ والأسطر الأخرى تنبّه الموظف الذي يمكنه التأكيد والإرسال.
staff-compliance-version = إصدار السياسة { $version }
staff-compliance-save = حفظ العبارات
error-compliance-blocked = يحتوي هذا الرد على عبارة يمنعها الموقع، ولم يُرسَل.
error-compliance-warning = يحتوي هذا الرد على عبارة يجب تجنبها؛ أكّد لإرساله.
case-ratings = تقييم العميل
case-rating-score = { $score } من 5
case-notes = ملاحظات داخلية
case-note-label = أضف ملاحظة للزملاء (لا يراها العميل؛ ‎@الاسم للإشارة إلى زميل)
case-note-save = إضافة ملاحظة
mention-alert = أشار إليك { $name } في ملاحظة
canned-label = إدراج رد جاهز
canned-unfilled = أكمل قبل الإرسال: { $names }
staff-canned = الردود الجاهزة
staff-canned-hint = ردود مُعدّة لكل لغة. تُملأ المتغيرات مثل {"{"}order_number{"}"} و{"{"}waybill_number{"}"} و{"{"}agent_name{"}"} من بيانات المحادثة؛ أفرغ الحقل لحذف تلك اللغة.
staff-canned-new = رد جاهز جديد
staff-canned-key = الاسم (أحرف لاتينية صغيرة وأرقام وشرطات)
staff-canned-save = حفظ الرد
error-reply-key-invalid = يجب أن يتكون اسم الرد من أحرف لاتينية صغيرة وأرقام وشرطات (40 حرفًا كحد أقصى)، ولا يمكن أن يكون "greeting".
upload-busy = جارٍ الرفع…
upload-remove = إزالة { $name }
upload-photo = ملف العميل
error-attachment-too-large = الملف كبير جدًا (10 ميغابايت كحد أقصى).
error-attachment-type = يرجى إرفاق صورة (JPEG أو PNG أو GIF أو WebP) أو ملف PDF.
error-storage-quota = لا يستطيع هذا الموقع استقبال مزيد من الملفات حاليًا. يرجى وصف المشكلة كتابةً؛ وسيطلب الفريق الصور إذا احتاج إليها.
texts-topics = المواضيع وحقول نماذجها
texts-topic = الموضوع / الحقل
texts-topics-missing = { $count ->
    [0] كل المواضيع وأسماء الحقول مترجمة.
    [zero] كل المواضيع وأسماء الحقول مترجمة.
    [one] اسم أو حقل واحد غير مترجم بعد؛ سيراه العملاء بـ{ $fallback }.
    [two] اسمان أو حقلان غير مترجمين بعد؛ سيراهما العملاء بـ{ $fallback }.
    [few] { $count } أسماء أو حقول غير مترجمة بعد؛ سيراها العملاء بـ{ $fallback }.
    [many] { $count } اسمًا أو حقلًا غير مترجم بعد؛ سيراها العملاء بـ{ $fallback }.
   *[other] { $count } اسم أو حقل غير مترجم بعد؛ سيراها العملاء بـ{ $fallback }.
}
setup-title = الفرق والمواضيع والمهل
setup-intro = ما يعتمد عليه التوزيع وعدّادات اتفاقية مستوى الخدمة. يُحفظ كل جزء وحده ويُفحص قبل الحفظ؛ وعند الرفض يُذكر موضع المشكلة.
setup-part = { $part ->
    [teams] الفرق الإقليمية
    [topics] المواضيع ونماذجها
    [fees] حاسبة تكلفة الشحن
    [compensation] صلاحيات التعويض وأسعار الصرف
    [root_causes] الأسباب الجذرية للشكاوى
   *[targets] مهل اتفاقية مستوى الخدمة
}
setup-hint = { $part ->
    [teams] لكل فريق: الاسم، والتقويم (time_zone؛ وshifts مع day من mon إلى sun وstart/end بصيغة HH:MM، والنهاية عند البداية أو قبلها تمتد بعد منتصف الليل؛ وclosures بصيغة YYYY-MM-DD)، واختياريًا بريد المشرف والمناوب. تبقى الفرق غير المذكورة كما هي.
    [topics] لكل موضوع: key، والأسماء لكل لغة، وpriority ‏(urgent وroutine وconsultation)، وcomplaint، وfields ‏(key، وkind من text/number/date/country/reference/upload، وrequired، وlabels، وpattern)، واسم الفريق والمهارة.
    [fees] لكل خط أسعار: key، والأسماء لكل لغة، وcurrency (رمز ISO 4217 مثل CNY أو EUR أو JPY)، وfirst_kg وfirst_price، وstep_kg وstep_price (لكل شريحة إضافية تبدأ)، وmax_kg اختياريًا. الأسعار بالوحدة الرئيسية للعملة، مثل "9.90".
    [compensation] reference_currency (ISO 4217، وUSD ما لم تختر غيرها)، وjunior وmid: ما يمنحه الموظف المبتدئ أو المتوسط وحده بتلك العملة؛ وrates: currency وfrom (YYYY-MM-DD أو وقت كامل) وrate (قيمة الوحدة الواحدة بالعملة المرجعية، حتى 6 منازل عشرية). تُضاف الأسعار ولا تُغيَّر: أضف سعرًا جديدًا من وقت لاحق.
    [root_causes] لكل سبب: key (أحرف صغيرة أو أرقام أو _ أو -) وأسماء لكل لغة. يُختار واحد عند إغلاق الشكوى. القائمة الفارغة ([]) تعطي الأسباب الافتراضية.
   *[targets] الدقائق لكل مهلة (الرد الأول حسب الأولوية، وأول رد في الدردشة، والرد التالي، وتحديث التقدم، وتسجيل الشكوى، والحل حسب الأولوية)، وfollow_up_working_days وwarn_percent.
}
setup-save = حفظ
setup-json = تحرير جماعي (JSON)
setup-json-hint = الإعداد نفسه بصيغة JSON، لنسخه بين المواقع أو تحرير عناصر كثيرة دفعة واحدة. تحفظ النماذج أعلاه وهذه الحقول البيانات نفسها.
setup-targets = أهداف اتفاقية مستوى الخدمة
setup-targets-hint = مدى سرعة الرد والحل المطلوبة من الفريق حسب الأولوية. تعمل المؤقتات وفق ساعات عمل كل فريق.
setup-unit =
    { $unit ->
        [days] أيام عمل
        [pct] %
       *[min] دقائق
    }
setup-target-urgent-first-response = الرد الأول، عاجل
setup-target-routine-first-response = الرد الأول، عادي
setup-target-consultation-first-response = الرد الأول، استشارة
setup-target-chat-first-reply = الرد الأول في الدردشة
setup-target-complaint-first-reply = الرد الأول في محادثة شكوى
setup-target-next-response = الرد على رسالة لاحقة
setup-target-progress-update = تحديث التقدم مرة على الأقل كل
setup-target-complaint-registration = بدء العمل على الشكوى خلال
setup-target-escalation-acceptance = تتولى الفرقة المختصة التصعيد خلال
setup-target-urgent-resolution = الحل، عاجل
setup-target-routine-resolution = الحل، عادي
setup-target-consultation-resolution = الحل، استشارة
setup-target-follow-up-working-days = المتابعة بعد الحل
setup-target-warn-percent = التنبيه عند انقضاء هذه النسبة من الهدف
setup-fees-hint = يحدد كل سطر سعر وزن: الشريحة الأولى ثم كل شريحة إضافية تبدأ، حتى حد أقصى اختياري. الأوزان بالكيلوغرام والأسعار بالوحدة الرئيسية للعملة (مثل 9.90). املأ السطر الفارغ لإضافة سطر، وحدد «إزالة» لحذفه، وغيّر المواضع لإعادة الترتيب.
setup-fee-line = السطر { $n }
setup-fee-new = سطر جديد
setup-fee-key = المفتاح (أحرف لاتينية صغيرة وأرقام و- و_)
setup-fee-names = الاسم
setup-fee-currency = العملة (رمز ISO، مثل EUR)
setup-fee-first-kg = الشريحة الأولى (كغ)
setup-fee-first-price = سعر الشريحة الأولى
setup-fee-step-kg = كل شريحة إضافية (كغ)
setup-fee-step-price = سعر كل شريحة إضافية
setup-fee-max-kg = أقصى وزن مقبول (كغ، اختياري)
setup-order = الموضع
setup-remove = إزالة
setup-teams-hint = يجيب كل فريق في ساعات عمله: تتوقف مؤقتات اتفاقية الخدمة خارجها وفي أيام الإغلاق. املأ الفريق الفارغ لإضافة فريق. لا تُحذف الفرق هنا (قد تستخدمها المحادثات والمواضيع).
setup-team = الفريق { $n }
setup-team-new = فريق جديد
setup-team-name = الاسم
setup-team-zone = المنطقة الزمنية (اكتب للبحث، مثل Asia/Dubai)
setup-shifts = الورديات
setup-shifts-hint = سطر لكل وردية، وعدة أسطر في اليوم نفسه للورديات المقسّمة. إذا كانت النهاية قبل البداية أو مساوية لها فالوردية تمتد بعد منتصف الليل. الأسطر الفارغة تضيف ورديات، وحدد «إزالة» لحذف وردية.
setup-shift-day = اليوم
setup-shift-start = من
setup-shift-end = إلى
setup-closures = أيام الإغلاق
setup-closure = مغلق يوم
setup-team-supervisor = المشرف (يتلقى التصعيدات)
setup-team-on-call = المناوب (للثغرات العاجلة)
setup-nobody = لا أحد
setup-team-kept = لإيقاف فريق، انقل مواضيعه إلى فريق آخر.
setup-day-mon = الاثنين
setup-day-tue = الثلاثاء
setup-day-wed = الأربعاء
setup-day-thu = الخميس
setup-day-fri = الجمعة
setup-day-sat = السبت
setup-day-sun = الأحد
setup-topics-hint = ما يمكن أن يسأل عنه العملاء، ولكل موضوع نموذج استقبال: البيانات التي يطلبها الأداة قبل الرسالة الأولى. املأ الموضوع (أو الحقل) الفارغ لإضافته، وحدد «إزالة» للحذف، وغيّر المواضع لإعادة الترتيب.
setup-topic = الموضوع { $n }
setup-topic-new = موضوع جديد
setup-topic-key = المفتاح (أحرف لاتينية صغيرة وأرقام و- و_)
setup-topic-names = الاسم لكل لغة
setup-topic-priority = الأولوية
setup-topic-team = الفريق
setup-topic-skill = المهارة اللازمة للتوجيه (اختياري)
setup-topic-complaint = شكوى (مؤقت تسجيل ومتابعة)
setup-field = الحقل { $n }
setup-field-new = حقل جديد
setup-field-key = المفتاح
setup-field-kind = النوع
setup-field-labels = التسمية لكل لغة
setup-field-pattern = النمط (للمراجع: تعبير نمطي يجب أن تطابقه القيمة كاملة)
setup-field-example = مثال (يظهر كنص إرشادي)
setup-field-required = مطلوب
setup-kind-text = نص
setup-kind-number = رقم
setup-kind-date = تاريخ
setup-kind-country = بلد
setup-kind-reference = مرجع (طلب، بوليصة شحن…)
setup-kind-upload = صور أو ملفات
setup-priority-urgent = عاجل
setup-priority-routine = عادي
setup-priority-consultation = استشارة
error-config-invalid = لا يمكن حفظ هذا الإعداد. تحقق من الموضع المذكور هنا:

# Issue 5: second factor, sessions, audit log
code-heading = أدخل رمز الدخول
code-hint = افتح تطبيق المصادقة وأدخل الرمز المكوّن من 6 أرقام الخاص بـ Parley، أو أحد رموز الاسترداد.
code-label = الرمز
code-submit = تسجيل الدخول
enrol-heading = تسجيل الدخول بخطوتين
enrol-required = يتطلب دورك تسجيل الدخول بخطوتين. فعّله للمتابعة.
enrol-hint = امسح رمز QR بتطبيق مصادقة أو اكتب المفتاح فيه، ثم أدخل الرمز المكوّن من 6 أرقام الذي يظهره.
enrol-qr = رمز QR لتطبيق المصادقة
enrol-secret = المفتاح:
enrol-submit = تفعيل
password-heading = كلمة المرور
password-current = كلمة المرور الحالية
password-new = كلمة المرور الجديدة
password-rules = 12 حرفًا على الأقل؛ ألّا تكون كلمة مرور شائعة أو بريدك الإلكتروني أو اسمك. تنتهي جلساتك الأخرى عند تغييرها.
password-submit = تغيير كلمة المرور
password-required = يطلب منك أحد المسؤولين اختيار كلمة مرور جديدة قبل المتابعة.
security-title = الأمان
security-totp-on = تسجيل الدخول بخطوتين مفعّل.
security-totp-off = تسجيل الدخول بخطوتين غير مفعّل.
security-recovery-left = رموز الاسترداد غير المستخدمة المتبقية: { $count }.
security-fresh-codes = رموز الاسترداد الخاصة بك. احفظها في مكان آمن: كل رمز يعمل مرة واحدة، ولن تظهر إلا الآن.
security-sessions = جلساتك
security-session-current = هذا المتصفح
security-revoke-others = تسجيل الخروج من كل مكان آخر
security-policy = سياسة تسجيل الدخول بخطوتين
security-policy-hint = الأدوار التي يجب أن تستخدم تسجيل الدخول بخطوتين
audit-title = سجل التدقيق
audit-action = الإجراء
audit-actor = من
audit-conversation = المحادثة
audit-from = من تاريخ
audit-until = حتى تاريخ
audit-apply = تصفية
audit-export = تصدير (JSON)
audit-count = عدد السجلات: { $count }
audit-when = متى
audit-detail = التفاصيل
audit-ip = العنوان
staff-unlock = إلغاء القفل
staff-reset-totp = إعادة ضبط تسجيل الدخول بخطوتين
staff-end-sessions = تسجيل الخروج من كل مكان
staff-require-password = طلب كلمة مرور جديدة
error-password-common = كلمة المرور هذه شائعة جدًا أو سهلة التخمين. اختر غيرها.
error-account-locked = محاولات دخول فاشلة كثيرة: الحساب مقفل مؤقتًا. حاول لاحقًا أو اطلب المساعدة من المسؤول.
error-too-many-attempts = محاولات دخول فاشلة كثيرة من هنا. يرجى الانتظار بضع دقائق.
error-code-invalid = هذا الرمز غير صالح. أدخل الرمز الحالي المكوّن من 6 أرقام أو رمز استرداد غير مستخدم.
error-csrf-invalid = انتهت صلاحية هذا النموذج. أعد تحميل الصفحة وحاول مرة أخرى.
error-conversation-forbidden = لا تملك صلاحية الوصول إلى هذه المحادثة.
error-read-only = يمكنك قراءة هذه المحادثة فقط.

# Issue 5: personal data, consent, retention, identity
contact-field = { $field ->
    [email] البريد الإلكتروني
    [phone] الهاتف
    [address] العنوان
   *[name] الاسم
}
contact-heading = العميل
contact-none = لم تُقدَّم بيانات اتصال.
contact-verified = مستخدم مسجَّل في الموقع: { $user }
contact-consent = تاريخ الموافقة:
customer-export = تصدير بيانات العميل (JSON)
customer-erase-confirm = أؤكد أن العميل طلب حذف بياناته
customer-erase = حذف بيانات العميل
contact-offer = اترك بيانات الاتصال
contact-update = حدّث بيانات الاتصال
contact-saved = تم حفظ بيانات الاتصال.
contact-notice = نطلب اسمك وبريدك الإلكتروني وهاتفك وعنوانك فقط للرد عليك ومتابعة طلبك. تُحفظ مشفّرة، ولا يراها إلا الموظفون المختصون بطلبك، وتُحذف بعد { $days } يومًا من إغلاقه.
contact-consent-label = أوافق على استخدام بيانات الاتصال لهذا الغرض.
contact-submit = حفظ البيانات
contact-cancel = إلغاء
privacy-heading = الخصوصية: { $site }
privacy-retention = الاحتفاظ بالبيانات الشخصية (أيام بعد إغلاق الطلب)
privacy-retention-hint = بعدها تُتلف بيانات الاتصال ونصوص الرسائل وإجابات النماذج والملفات، ويبقى سجل بالإتلاف.
privacy-identity-required = الدردشة للمستخدمين المسجَّلين في الموقع فقط (التحقق من الهوية إلزامي)
privacy-identity-hint = يوقّع الخادم لديك معرّف المستخدم بهذا السر (HMAC-SHA256 بالنظام الست عشري) ويضعه في data-user-hash بجانب data-user-id.
privacy-identity-secret = سر الهوية:
privacy-new-secret = إنشاء سر جديد (يتوقف السر القديم)
error-consent-required = يرجى وضع علامة الموافقة قبل إرسال بياناتك.
error-contact-invalid = يرجى التحقق من هذا الحقل.
error-identity-invalid = تعذّر على الدردشة التحقق من هويتك. يرجى تسجيل الدخول إلى الموقع مرة أخرى.
error-rating-invalid = يُرجى اختيار من نجمة إلى خمس نجوم.
error-already-rated = لقد قيّمت هذه المحادثة من قبل. شكرًا لك!

# Issue 5: break-glass access
access-heading = طلبات الوصول
access-reason-label = لماذا تحتاج إلى رؤية المحادثة رقم { $id }؟ يقرر المشرف؛ الوصول للقراءة فقط ومحدود المدة ومسجَّل.
access-request = طلب وصول للقراءة فقط
access-pending = طلبك للمحادثة رقم { $id } بانتظار المشرف.
access-approved = وصول للقراءة فقط إلى المحادثة رقم { $id } حتى
access-denied = رُفض طلبك للمحادثة رقم { $id }.
access-open = فتح
access-asks = يطلب { $agent } الاطلاع على المحادثة رقم { $id }:
access-duration = لمدة
access-minutes = { $minutes } دقيقة
access-approve = موافقة
access-deny = رفض
read-only-banner = وصول للقراءة فقط (وصول طارئ)، مسجَّل، حتى
staff-sites = المواقع (مفاتيح مفصولة بفواصل؛ فارغ: كل المواقع)

## التعويض (issue 18)
notice-compensation-granted = { $kind ->
    [refund] سنرد إليك { $amount }.
    [coupon] ستحصل على قسيمة بقيمة { $amount }.
    [reshipment] سنعيد إرسال طلبك (بقيمة { $amount }).
   *[other] ستحصل على تعويض بقيمة { $amount }.
}
notice-compensation-refused = نأسف: تعذرت الموافقة على التعويض بقيمة { $amount }. سيشرح لك الموظف الخطوات التالية.
compensation-heading = التعويض
compensation-kind = { $kind ->
    [refund] استرداد
    [coupon] قسيمة
    [reshipment] إعادة إرسال
   *[other] أخرى
}
compensation-kind-label = النوع
compensation-amount = المبلغ
compensation-currency = العملة (رمز ISO)
compensation-reason = السبب
compensation-major-label = شكوى جسيمة (مطالبة كبيرة أو خطر على العلامة التجارية): تقرر الإدارة
compensation-limit = تمنح وحدك حتى { $amount }؛ وما فوق ذلك يوافق عليه مشرف.
compensation-no-limit = تمنح أي مبلغ وحدك، باستثناء الشكاوى الجسيمة.
compensation-propose = اقتراح تعويض
compensation-reference = (= { $amount })
compensation-major = شكوى جسيمة
compensation-proposed = اقترحه { $who }
compensation-decided = { $outcome ->
    [granted] منحه { $who }: { $amount }
    [approved] وافق عليه { $who }: { $amount }
    [reduced] خفّضه { $who } إلى { $amount }
   *[refused] رفضه { $who }
}
compensation-waiting = { $stage ->
    [supervisors] بانتظار مشرف
    [on_call] بانتظار الموظف المناوب
   *[management] بانتظار الإدارة
}، { $left }
compensation-decide-reason = السبب (مطلوب للتخفيض أو الرفض)
compensation-reduce-to = التخفيض إلى ({ $currency })
compensation-approve = موافقة
compensation-reduce = تخفيض
compensation-refuse = رفض
compensation-approvals = تعويضات بانتظار قرارك
case-escalate = التصعيد إلى مختصي هذا الفريق (يتولونه خلال ساعة؛ ويُبلَّغ العميل)
case-complex = سؤال معقد: تحديث للعميل كل 30 دقيقة
notice-escalated = { $owner ->
    [none] أصبح سؤالك الآن لدى مختصي { $team } لدينا.
   *[other] أصبح سؤالك الآن لدى { $owner } من مختصي { $team } لدينا.
}
notice-escalated-by = ستتلقى ردًا بحلول { $time }.

## سجل الشكاوى (issue 18)
complaints-title = الشكاوى
analysis-title = التحليل الشهري للشكاوى
complaint-heading = شكوى
complaint-step = { $step ->
    [raised] مُقدَّمة
    [registered] مسجَّلة
    [investigated] تم التحقيق فيها
    [resolved] محلولة
    [answered] تم الرد عليها
   *[closed] مغلقة
}
complaint-clock = { $clock ->
    [registration] التسجيل (ساعة عمل واحدة)
    [investigation] التحقيق (يوما عمل)
    [answer] الرد على العميل (يوم عمل واحد)
   *[follow_up] المتابعة (3 أيام عمل)
}
complaint-standing = { $standing ->
    [met] في الموعد
    [breached] متأخر
    [overdue] متجاوز الموعد
    [due_soon] يحين قريبًا
   *[running] جارٍ
}
complaint-owner = المسؤول: { $name }
complaint-open = فتح في سجل الشكاوى
complaint-summary = موضوع الشكوى
complaint-major = جسيمة (مطالبة كبيرة أو خطر على العلامة التجارية)
complaint-raise = تسجيل شكوى
complaint-alert = { $breached ->
    [true] الشكوى #{ $id }: تجاوز { $clock } موعده
   *[other] الشكوى #{ $id }: يحين موعد { $clock } قريبًا
}
complaint-case = الشكوى #{ $id }
complaint-result = النتيجة
complaint-cause = السبب الجذري
complaint-note = ملاحظة (اختيارية)
complaint-history = السجل
complaint-history-line = { $action ->
    [raised] قُدِّمت
    [registered] سُجِّلت
    [investigated] تم التحقيق فيها
    [resolved] حُلَّت
    [answered] تم الرد عليها
    [closed] تمت المتابعة وأُغلقت
    [linked] رُبطت محادثة
   *[owner] تغيّر المسؤول أو الخطورة
} { $who }
complaint-take-step = { $step ->
    [registered] التسجيل وتولي المسؤولية
    [investigated] وضع علامة: تم التحقيق
    [resolved] وضع علامة: محلولة
    [answered] وضع علامة: تم الرد
   *[closed] تمت المتابعة: إغلاق
}
complaint-severity = { $severity ->
    [major] جسيمة
   *[ordinary] عادية
}
complaint-root-cause = { $key ->
    [carrier_delay] تأخر شركة الشحن
    [damaged_in_transit] تلف أثناء النقل
    [lost_parcel] طرد مفقود
    [wrong_item] منتج خاطئ
    [product_defect] عيب في المنتج
    [customs] الجمارك
    [billing_error] خطأ في الفوترة
    [staff_conduct] سلوك الموظفين
    [website_error] خطأ في الموقع
   *[other] أخرى
}
complaints-all = الكل
complaints-site = الموقع
complaints-state = الحالة
complaints-state-option = { $state ->
    [open] مفتوحة
    [closed] مغلقة
    [raised] مُقدَّمة
    [registered] مسجَّلة
    [investigated] تم التحقيق فيها
    [resolved] محلولة
   *[answered] تم الرد عليها
}
complaints-overdue = المتجاوزة للموعد فقط
complaints-category = الموضوع
complaints-owner = المسؤول
complaints-severity = الخطورة
complaints-raised = تاريخ التقديم
complaints-customer = العميل
complaints-clocks = المواعيد
complaints-clock = الموعد
complaints-due = يستحق
complaints-done = أُنجز
complaints-standing = الوضع
complaints-export = تنزيل CSV
complaints-no-topic = بلا موضوع
complaints-outcome = { $outcome ->
    [granted] مُنح
    [approved] تمت الموافقة
    [reduced] خُفِّض
    [refused] رُفض
   *[waiting] بانتظار الموافقة
}
analysis-month = الشهر
analysis-compensation-export = سجل التعويضات (CSV)
analysis-share = { $complaints } شكوى من { $conversations } محادثة: { $share } (الهدف: 5 % على الأكثر)
analysis-by-category = الشكاوى حسب الموضوع
analysis-by-root-cause = الشكاوى حسب السبب الجذري
analysis-on-time = المواعيد المنجزة في وقتها
analysis-compensation = التعويضات الممنوحة حسب النوع
analysis-trend = الشكاوى خلال آخر 12 شهرًا
complaint-linked = تشمل أيضًا
complaint-link = محادثة أخرى لهذا العميل
complaint-link-save = ربط بهذه الشكوى

## API keys (issue 19)
api-keys-title = مفاتيح API
api-keys-intro = مفاتيح يرسلها نظامك الخلفي بصيغة Authorization: Bearer لقراءة بيانات هذا الموقع وتغييرها عبر ‎/api/v1. يُعرض المفتاح مرة واحدة عند إنشائه، ولا يحتفظ Parley إلا بتجزئته.
api-key-name = الاسم
api-key-scope = النطاق
api-key-scope-option = { $scope ->
    [write] قراءة وكتابة
   *[read] قراءة فقط
}
api-key-create = إنشاء مفتاح
api-key-created = انسخ هذا المفتاح الآن: لن يُعرض مرة أخرى.
api-key-prefix = يبدأ بـ
api-key-last-used = آخر استخدام
api-key-never = أبدًا
api-key-state = الحالة
api-key-revoke = إلغاء
api-key-revoked = أُلغي المفتاح: تُرفض الطلبات التي تستخدمه من الآن.
api-key-revoked-at = ملغى

api-docs-json = مستند OpenAPI 3.1 ‏(JSON)
api-docs-operations = العمليات
api-docs-types = الأنواع
api-docs-parameters = المعاملات
api-docs-name = الاسم
api-docs-in = الموضع
api-docs-type = النوع
api-docs-description = الوصف
api-docs-required = إلزامي
api-docs-body = نص الطلب
api-docs-responses = الاستجابات
api-docs-reference = مرجع واجهة البرمجة

webhooks-title = خطافات الويب
webhooks-intro = يستدعي Parley هذه العناوين في نظامك الخلفي عندما يحدث شيء في هذا الموقع. كل تسليم هو طلب POST بصيغة JSON موقَّع بسرّ نقطة النهاية في الترويسة Parley-Signature ‏(t=الوقت,v1=‏HMAC-SHA256 لـ "الوقت.المحتوى")؛ تحقّق منه وأجب بحالة 2xx. تُعاد محاولة التسليمات الفاشلة لمدة 24 ساعة.
webhooks-url = عنوان URL لنقطة النهاية
webhooks-events = الأحداث
webhooks-add = إضافة نقطة النهاية
webhooks-none = لا توجد نقاط نهاية بعد.
webhooks-secret = سرّ التوقيع
webhooks-failing = فشلت التسليمات طوال يوم، وتوقفت منذ
webhooks-healthy = التسليمات تصل.
webhooks-remove = إزالة
webhooks-log = أحدث التسليمات
webhooks-event = الحدث
webhooks-when = الوقت
webhooks-attempts = المحاولات
webhooks-answer = الرد
webhooks-redeliver = إرسال مجددًا
webhooks-state = { $state ->
    [delivered] سُلِّم
    [given-up] توقّف
   *[pending] بانتظار محاولة أخرى
}
webhooks-done = { $what ->
    [added] أُضيفت نقطة النهاية.
    [removed] أُزيلت نقطة النهاية.
   *[redelivered] سيُرسل التسليم مجددًا.
}
lookup-title = الاستعلام عن الطلبات (تتبّع طلبي)
lookup-intro = عندما يتتبّع عميل طلبًا في الأداة، أو يستعلم عنه موظف في لوحة الحالة، يرسل Parley إلى هذا العنوان بصيغة JSON وموقّعًا مثل خطاف الويب رقم الطلب ومعرّف المستخدم للعميل (أو البريد الإلكتروني أو الرمز البريدي الذي أدخله) ولغته، ويعرض الخطوات الواردة في الرد. اتركه فارغًا لإيقاف التتبّع.
lookup-save = حفظ الاستعلام عن الطلبات
track-title = تتبّع طلبي
track-order = رقم الطلب أو رقم الشحنة
track-contact = البريد الإلكتروني أو الرمز البريدي للطلب
track-submit = تتبّع
track-order-is = الطلب { $order }
track-eta = الموعد المتوقع: { $when }
track-step = { $kind ->
    [accepted] قُبل الطلب
    [in_transit] في الطريق
    [customs] في الجمارك
    [out_for_delivery] خرج للتسليم
    [delivered] سُلِّم
    [exception] متوقف
   *[returned] عائد إلى المرسل
}

## Help centre (issue 20)
help-files = التنزيلات
help-title = مركز المساعدة
help-search-label = ابحث في مركز المساعدة
help-search-button = بحث
help-results = نتائج «{ $query }»
help-no-results = لا توجد مقالة مطابقة. جرّب كلمات أخرى أو اسألنا في الدردشة.
help-back = كل المقالات
help-other-articles = مقالات أخرى
help-shown-in = هذه المقالة غير مكتوبة بلغتك بعد، لذا تُعرض باللغة { $language }.
help-languages = لغات أخرى

## Knowledge base at the desk (issue 20)
kb-suggest = المقالات
kb-suggest-search = ابحث في المقالات
kb-suggest-none = لا توجد مقالة مناسبة. ابحث بكلمات أخرى.
kb-insert-link = أدرج الرابط
kb-insert-text = أدرج النص
kb-files = الملفات
kb-file-add = أرفق ملفًا (PDF أو صورة، حتى 10 ميغابايت)
kb-file-remove = إزالة
kb-uploading = جارٍ الرفع…
kb-title = قاعدة المعرفة
kb-intro = مقالات يجدها العملاء في نافذة الدردشة ومركز المساعدة وإجابات الروبوت، بنسخة لكل لغة. يسري التغيير فورًا.
kb-new = مقالة جديدة
kb-edit = تعديل المقالة
kb-articles = المقالات
kb-none = لا توجد مقالات بعد.
kb-slug = العنوان (a–z و0–9 وشرطات)
kb-collection = المجموعة
kb-no-collection = بلا مجموعة
kb-locale = اللغة
kb-article-title = العنوان الرئيسي
kb-body = النص
kb-body-hint = السطر الفارغ يبدأ فقرة جديدة، والسطر الذي يبدأ بـ «- » عنصر في قائمة.
kb-published = منشورة (يراها العملاء)
kb-save = حفظ
kb-preview = معاينة
kb-history = السجل
kb-remove = حذف المقالة
kb-saved = تم الحفظ. يرى العملاء التغيير الآن.
kb-removed = تم حذف المقالة.
kb-views = المشاهدات
kb-helpful = أفادت
kb-not-helpful = لم تُفد
kb-offered = إجابات الروبوت
kb-help-centre-link = افتح مركز المساعدة
kb-figures = آخر 30 يومًا: { $alone } محادثة أجاب عنها الروبوت وحده، و{ $handed } حُوّلت إلى موظف.
kb-fallback-note = لم تُكتب بعد باللغة { $language }: يرى قرّاء { $language } نسخة { $fallback }.
kb-state = { $state ->
    [live] منشورة
    [draft] مسودة
   *[missing] غير موجودة
}
kb-action = { $action ->
    [published] نُشرت
    [unpublished] أُعيدت إلى مسودة
    [file_added] أُرفق ملف
    [file_removed] أُزيل ملف
    [moved] حُدد العنوان أو المجموعة
    [removed] حُذفت
   *[saved] حُفظت
}

## The bot (issue 20)
bot-name = المساعد
bot-answer = قد تجيب هذه المقالة عن سؤالك:
bot-answer-more = إن لم تُجب عنه، فاختر «التحدث مع موظف» أو اسأل بكلمات أخرى.
bot-fetching = سأحوّلك إلى أحد موظفينا. سيرد عليك أحد أعضاء فريقنا هنا.
bot-no-answer = لم أجد إجابة عن ذلك في مركز المساعدة، لذا سأحوّلك إلى أحد موظفينا. سيرد عليك أحد أعضاء فريقنا هنا.
help-vote-question = هل كانت هذه المقالة مفيدة؟
help-vote-yes = نعم
help-vote-no = لا
help-vote-thanks = شكرًا لإخبارنا.
help-talk-to-person = التحدث مع موظف
kb-bot-label = يجيب الروبوت عن أسئلة العملاء من هذه المقالات
kb-bot-hint = عندما يكون واثقًا من الإجابة يرسل المقالة؛ وإلا، أو عند الطلب، يحوّل المحادثة إلى موظف وتبدأ المهل حينها. إيقافه يحوّل كل ما لديه إلى الموظفين.
kb-bot-save = حفظ
kb-bot-on = الروبوت يعمل.
kb-bot-off = الروبوت متوقف؛ المحادثات التي كانت لديه في قائمة الانتظار.
case-bot = الروبوت
case-bot-holding = الروبوت يجيب؛ لا تُحتسب أي مهلة حتى يحوّل المحادثة.
case-bot-handed = حوّل الروبوت المحادثة في { $time }.
case-bot-answered = أجاب الروبوت.
case-bot-verdict = { $verdict ->
    [yes] مفيدة
    [no] غير مفيدة
   *[none] لا إجابة بعد
}
widget-help = المساعدة
widget-help-close = إغلاق المساعدة
widget-talk-to-person = التحدث مع موظف
widget-read-article = قراءة المقالة

reports-title = تقارير الخدمة
report-from = من
report-until = إلى
report-tz = المنطقة الزمنية
report-by = التقسيم حسب
report-period = الاتجاه حسب
report-dimension = { $by ->
    [agent] الموظف
    [team] الفريق
    [region] منطقة العميل
    [language] اللغة
    [category] الموضوع
   *[priority] الأولوية
}
report-period-name = { $period ->
    [day] اليوم
    [week] الأسبوع
   *[month] الشهر
}
report-metric = { $metric ->
    [conversations] المحادثات
    [response_rate] نسبة الرد
    [on_time_first_response] الردود الأولى في الوقت
    [resolution_rate] نسبة الحل
    [first_contact_resolution] الحل من أول تواصل
    [first_response_mean] متوسط زمن الرد الأول
    [first_response_p90] زمن الرد الأول، المئين 90
    [csat] الرضا (CSAT)
    [ratings] التقييمات
    [complaint_rate] نسبة الشكاوى
    [complaint_resolution_time] زمن حل الشكاوى
    [follow_up_completion] المتابعات المنجزة في الوقت
   *[qa_score] درجة مراجعة الجودة
}
report-verdict = { $met ->
    [yes] تحقق الهدف
   *[no] لم يتحقق الهدف
} ({ $metric ->
    [on_time_first_response] 95 % على الأقل
    [resolution_rate] 90 % على الأقل
    [csat] 4.5 على الأقل
    [complaint_rate] 5 % على الأكثر
   *[complaint_resolution_time] خلال 24 ساعة
})
report-none = { $by ->
    [agent] غير مسندة
    [team] بلا فريق
    [region] منطقة غير معروفة
    [language] لغة غير معروفة
    [category] بلا موضوع
   *[priority] لا شيء
}
report-region = { $area ->
    [Europe] أوروبا
    [Asia] آسيا
    [America] الأمريكتان
    [Africa] أفريقيا
    [Australia] أستراليا
    [Pacific] المحيط الهادئ
    [Atlantic] المحيط الأطلسي
    [Indian] المحيط الهندي
   *[Antarctica] القارة القطبية الجنوبية
}
report-total = كل المحادثات
report-scope-site = الموقع كله
report-scope-teams = فرقك وقائمة الانتظار العامة
report-in-zone = الأيام بتوقيت { $tz }
report-export = { $table ->
    [slices] تنزيل جدول التقسيم (CSV)
   *[trend] تنزيل جدول الاتجاه (CSV)
}
report-trend-title = { $period ->
    [day] يومًا بيوم
    [week] أسبوعًا بأسبوع
   *[month] شهرًا بشهر
}
report-slices-title = حسب { $by }
report-chart-title = { $metric } حسب { $by }
report-table-title = كل الأرقام حسب { $by }
chart-summary = { $count } صفوف. الأعلى: { $high } ({ $high_value })؛ الأدنى: { $low } ({ $low_value }).
chart-empty = لا يوجد ما يُعرض في هذه الفترة.
report-audit-title = المراجعة الشهرية لسجل التدقيق
report-audit-owed = { $count ->
    [0] رُوجعت كل الأشهر المنتهية من سجل التدقيق.
    [one] لم يُراجَع شهر واحد من سجل التدقيق بعد.
    [two] لم يُراجَع شهران من سجل التدقيق بعد.
   *[other] لم تُراجَع { $count } أشهر من سجل التدقيق بعد.
}
report-audit-open = سجل التدقيق لشهر { $month }
report-audit-note = ما الذي فحصته ووجدته
report-audit-mark = تعليم كمراجَع
report-audit-reviewed = راجع { $name } شهر { $month }
report-audit-done = عُلِّم شهر { $month } كمراجَع.

qa-title = مراجعات الجودة
qa-done = { $done ->
    [drawn] تم سحب عينة الأسبوع.
    [added] أضيفت المحادثة إلى العينة.
    [reviewed] تم حفظ التقييم.
   *[sheet] تم حفظ ورقة التقييم.
}
qa-week-label = يوم من الأسبوع
qa-week-title = أسبوع { $from } إلى { $until } ({ $tz })
qa-previous = الأسبوع السابق
qa-next = الأسبوع التالي
qa-counts = { $closed ->
    [one] محادثة واحدة أُغلقت هذا الأسبوع
   *[other] { $closed } محادثة أُغلقت هذا الأسبوع
}، منها { $sampled } في العينة.
qa-drawn = سُحبت بالبذرة { $seed } في
qa-drawn-early = (قبل انتهاء الأسبوع؛ يُسحب الباقي عند انتهائه)
qa-not-drawn = لم تُسحب بعد: تُسحب العينة عند انتهاء الأسبوع، أو الآن بالزر.
qa-not-drawn-ended = لم تُسحب بعد؛ ستُسحب خلال دقائق، أو الآن بالزر.
qa-draw = اسحب العينة الآن
qa-sample-title = العينة
qa-sample-none = لا شيء في العينة.
qa-conversation = المحادثة { $id } ({ $agent })
qa-added-by = أضافها { $name }
qa-drawn-by-lot = مسحوبة
qa-own = أنت من تولى هذه المحادثة، لذا يقيّمها شخص آخر.
qa-criterion = { $key ->
    [greeting] التحية
    [accuracy] الدقة
    [compliance] الالتزام بالقواعد
    [tone] الأسلوب
    [resolution] الحل
   *[other] { $key }
}
qa-criterion-weighted = { $criterion } (الوزن { $weight })
qa-points-choose = اختر
qa-points-option = { $points ->
    [4] 4 — ممتاز
    [3] 3 — جيد
    [2] 2 — مقبول
    [1] 1 — ضعيف
   *[0] 0 — غائب
}
qa-points = { $criterion }: { $points } من 4 (الوزن { $weight })
qa-comment = تعليق للموظف
qa-review-save = احفظ التقييم
qa-reviewed-by = المحادثة { $conversation } لـ { $agent }، قيّمها { $name }
qa-unsampled-title = أُغلقت هذا الأسبوع وليست في العينة
qa-add = أضف إلى العينة
qa-add-label = أضف المحادثة { $conversation } إلى العينة
qa-sheet-title = ورقة التقييم
qa-sheet-help = يُقيَّم كل معيار من 0 إلى 4؛ ويجب أن يكون مجموع الأوزان 100. تُكتب الأسماء بأحرف لاتينية صغيرة وشرطات سفلية.
qa-sheet-key = المعيار
qa-sheet-weight = الوزن
qa-sheet-key-row = المعيار { $row }
qa-sheet-weight-row = وزن المعيار { $row }
qa-sheet-save = احفظ الورقة
qa-mine-title = تقييمات محادثاتي
qa-mine-none = لم تُقيَّم أي من محادثاتك بعد.

library-title = مكتبة الحالات
library-similar = حالات مشابهة
library-search = ابحث في مكتبة الحالات
library-search-button = بحث
library-none = لم يُعثر على أي حالة.
library-rating = التقييم { $score } من 5
library-added-by = أضافها { $name }
library-demand = ما أراده العميل
library-solution = كيف حُلّت
library-in = هذه الحالة موجودة في مكتبة الحالات.
library-add-title = أضف هذه الحالة إلى المكتبة
library-add-help = اكتبها بحيث يستطيع زميلك إعادة استخدامها. يُحذف اسم العميل وبيانات الاتصال به وأرقام البطاقات.
library-add = أضف إلى المكتبة
library-removed = أُخرجت الحالة من المكتبة.
library-remove = أخرج من المكتبة
library-remove-label = أخرج الحالة { $case } من المكتبة

## E-mail (issue 22): the mails customers receive, the unsubscribe page.
mail-subject-reply = رد جديد من { $site }
mail-subject-transcript = محادثتك مع { $site }
mail-new-reply = ردّ { $site } على رسالتك:
mail-transcript = هذه محادثتك مع { $site }:
mail-earlier = في وقت سابق من المحادثة
mail-you = أنت
mail-answer-hint = ردّ على هذا البريد: يصل ردّك مباشرة إلى المحادثة.
mail-continue = تابع في الدردشة على { $site }
mail-unsubscribe = إيقاف الرسائل الإلكترونية عن هذه المحادثة
mail-unsubscribe-title = الرسائل الإلكترونية عن هذه المحادثة
mail-unsubscribe-confirm = أوقف إرسال رسائل إلكترونية إليّ عن هذه المحادثة
mail-unsubscribed = لن تصلك رسائل إلكترونية أخرى عن هذه المحادثة.
setup-target-email-first-reply = الرد الأول على بريد إلكتروني
message-by-email = عبر البريد الإلكتروني
channel-email = البريد الإلكتروني
channel-chat = الدردشة
inbox-filter-channel = القناة
case-mail = البريد الإلكتروني
case-mail-began = { $channel ->
    [email] بدأت هذه المحادثة برسالة بريد إلكتروني.
   *[other] بدأت هذه المحادثة في الدردشة.
}
case-mail-reachable = تُرسل إلى العميل بالبريد الإلكتروني الردود التي يفوته رؤيتها في الدردشة.
case-mail-unreachable = لم يترك العميل عنوان بريد إلكتروني.
case-mail-unsubscribed = أوقف العميل الرسائل الإلكترونية عن هذه المحادثة.
case-mail-kind = { $kind ->
    [transcript] سجل المحادثة
   *[other] الردود
}
case-mail-state = { $state ->
    [sent] أُرسلت
    [retrying] لم تُرسل بعد ({ $attempts } محاولات)
    [given_up] تُوقّف عن المحاولة
   *[other] في قائمة الانتظار
}
case-mail-transcript = أرسل سجل المحادثة إلى العميل بالبريد الإلكتروني
case-mail-files = ملفات أرسلها العميل بالبريد الإلكتروني
case-mail-file = { $name } · { $kb } ك.ب · مع الرسالة { $seq }
