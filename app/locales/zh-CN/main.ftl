## 客户聊天窗口
widget-title = 在线咨询
widget-greeting-default = 您好！请问有什么可以帮您？
widget-close = 关闭聊天
widget-launcher = 在线咨询
widget-message-list = 对话内容
composer-label = 您的消息
composer-placeholder = 请输入消息…
composer-send = 发送
typing-agent = 客服正在输入…
widget-you = 我
message-customer = 客户
widget-support = 客服

## 消息发送状态
status-sending = 发送中…
status-sent = 已发送
status-delivered = 已送达
status-read = 已读
status-failed = 发送失败

## 连接
language-label = 语言
connection-online = 已连接
connection-reconnecting = 连接已断开，正在重新连接…

## 客服工作台
desk-message-list = 消息记录
desk-title = Parley 客服工作台
login-heading = 登录客服工作台
login-email = 电子邮箱
login-password = 密码
login-submit = 登录
logout = 退出登录
signed-in-as = 当前登录：{ $name }
conversations-heading = 会话
conversations-empty = 暂无会话。
conversation-unread = { $count } 条未读消息
conversation-visitor = 访客 { $label }
conversation-status = { $status ->
    [received] 新会话
    [assigned] 已分配
    [in_progress] 处理中
    [waiting_on_customer] 等待客户回复
    [resolved] 已解决
    [confirmed] 客户已确认
    [archived] 已归档
   *[reopened] 已重新打开
}
conversation-pick = 请从列表中选择一个会话。
conversation-no-messages = 暂无消息。
conversation-language = 语言：{ $locale }
conversation-local-time = 客户当地时间：{ $time }
reply-label = 回复
reply-placeholder = 请输入回复…
reply-send = 发送
typing-customer = 客户正在输入…

## 错误代码（每个 ErrorCode 一条）
error-invalid-json = 应用发送的数据无法被服务器识别。
error-unknown-frame-type = 应用发送了服务器不支持的请求。
error-invalid-frame = 应用发送的请求不完整。
error-frame-too-large = 内容过大，无法发送。
error-hello-required = 连接未正确建立，正在重新连接…
error-unsupported-version = 聊天窗口版本过旧，请刷新页面。
error-unknown-site = 此网站尚未开通在线咨询。
error-origin-forbidden = 此网站无权使用该聊天窗口。
error-token-invalid = 无法验证您的会话，已为您开启新会话。
error-token-expired = 您的会话已过期，已为您开启新会话。
error-message-empty = 请先输入内容。
error-message-too-long = 消息过长，请精简后再发送。
error-rate-limited = 发送过于频繁，请稍候再试。
error-unauthorized = 请重新登录。
error-invalid-credentials = 邮箱或密码错误。
error-not-found = 该会话不存在。
error-invalid-transition = 当前会话状态下无法进行此操作。
error-fact-missing = 请填写所有必填项。
error-fact-invalid = 请检查标出的字段。
error-category-required = 请选择您要咨询的问题类型。
error-lagged = 连接延迟过大，正在同步…
error-origin-invalid = 每个允许的来源必须是 https://host 或 https://host:port（仅 localhost 可用 http），或用 https://*.example.com 表示其子域名。
error-contrast-too-low = 该颜色太浅：上面的白色文字难以阅读（WCAG AA 要求 4.5:1）。请选择更深的颜色。
error-site-name-invalid = 请为网站填写 1 到 100 个字符的名称。
error-amount-invalid = 请输入正数金额，小数位数不能超过该货币的位数。
error-currency-unknown = 这不是货币代码（ISO 4217，例如 USD、EUR、JPY）。
error-rate-missing = 该货币尚无汇率：请管理员在设置页面添加。
error-already-decided = 此补偿已有决定。
error-not-approver = 您不能决定此补偿：这是您自己的提议、超出您的权限，或尚未提交给您。
error-idempotency-conflict = 此 Idempotency-Key 已用于其他请求，或其首个请求仍在处理中。
error-webhook-url-invalid = 请输入带主机名的 http 或 https URL，且不含用户名或密码。
error-webhook-url-private = 此地址位于私有或本地网络，Parley 不会调用它。
error-webhook-limit = 每个站点最多 10 个端点；请先删除一个。
error-tracking-not-found = 找不到该订单。请核对订单号（以及下单时使用的电子邮箱或邮编）。
error-tracking-unavailable = 订单跟踪暂时不可用，请几分钟后再试。
error-tracking-off = 此商店未在此提供订单跟踪。
error-slug-invalid = 地址只能包含小写字母 a–z、数字和连字符（最多 80 个）。
error-slug-taken = 已有其他文章使用此地址。
error-report-range-invalid = 日期必须是真实的日期，开始日期不能晚于结束日期，间隔不超过 400 天。
error-time-zone-unknown = 未知时区：请使用 Europe/Berlin 或 Asia/Shanghai 这样的名称。
error-sheet-invalid = 评分表需要 1 到 12 个项目，名称使用小写字母，权重合计为 100。
error-own-conversation = 不能评审自己处理过的会话。
error-already-reviewed = 此会话已经评审过。
error-case-not-resolved = 只有已解决的案例才能加入案例库。
error-already-in-library = 此案例已在案例库中。
error-no-email-address = 客户没有留下电子邮件地址。
error-mail-off = 此 Parley 不发送邮件（未设置 SMTP 中继）。
error-internal = 服务器出现问题，请稍后重试。

## 面向客户的文案
texts-link = 客户文案
texts-title = 面向客户的文案
texts-intro = 客户会看到自己语言的文案。如果某种语言缺少文案，客户将看到{ $fallback }版本。
texts-kind = { $kind ->
    [away] 离开提示（无人可接待时显示）
    [confirm] “问题是否已解决？”提问
    [rating] 评价邀请（解决后）
   *[greeting] 问候语
}
texts-missing = 缺失——客户将看到{ $fallback }版本
texts-missing-count = { $count ->
    [0] 所有语言均已填写。
   *[other] 缺少 { $count } 条翻译
}
texts-save = 保存文案
texts-saved = 文案已保存。
desk-back = 返回会话列表
error-forbidden = 只有管理员可以执行此操作。
error-text-too-long = 文案过长（最多 1000 个字符）。
texts-languages = 向客户提供的语言
texts-languages-hint = 如果客户的语言不在其中，将使用默认语言。
texts-default = 默认语言
texts-languages-save = 保存语言设置
sites-title = 网站
sites-intro = 每个网站是一家店铺或一个品牌，只需一个 script 标签即可在自己的页面中嵌入聊天。
sites-list = 您的网站
sites-disabled = 已停用
sites-pick = 请选择要修改设置的网站。
sites-create = 添加网站
sites-name = 名称
sites-create-button = 添加网站
sites-saved-created = 网站已添加。请允许将显示聊天的页面，然后把嵌入代码粘贴到这些页面中。
sites-saved-settings = 设置已保存，已打开的页面会在几秒内生效。
sites-saved-enabled = 网站已启用，聊天将重新加载。
sites-saved-disabled = 网站已停用，聊天不再加载。会话记录仍会保留。
sites-key = 公开密钥
sites-origins = 允许显示聊天的页面
sites-origins-hint = 每行一个来源：https://shop.example.com、https://shop.example.com:8443，或用 https://*.example.com 表示其所有子域名（仅 localhost 可用 http://）。其他页面不会显示聊天。
sites-accent = 强调色
sites-accent-hint = 用于聊天按钮和各类按钮的白色文字背景，因此必须足够深（对比度至少 4.5:1，WCAG AA）。
sites-position = 聊天按钮位置
sites-position-end = 右下角（从右到左书写的页面为左下角）
sites-position-start = 左下角（从右到左书写的页面为右下角）
sites-launcher = 聊天按钮标签
sites-launcher-hint = 屏幕阅读器为聊天按钮朗读的内容，按语言设置。
sites-launcher-default = 未设置：此语言使用 Parley 自带的标签。
sites-identity = 要求经过验证的身份（由网站后端为每位已登录用户签名）
sites-save = 保存设置
sites-snippet = 嵌入代码
sites-snippet-hint = 请将其粘贴到每个需要显示聊天的页面的 </body> 之前。
sites-identity-snippets = 验证已登录用户
sites-identity-hint = 您的后端使用网站的身份密钥（见安全页面）计算用户 ID 的 HMAC-SHA256，并把 ID 和该哈希交给页面。切勿把密钥本身放进页面。
sites-identity-no-secret = 该网站还没有身份密钥，请在安全页面创建。
sites-identity-page = 页面中
sites-setup-link = 团队、营业时间和主题
sites-texts-link = 问候语及其他文字
sites-disable-hint = 停用后，该网站的聊天在任何地方都不再加载；会话和设置仍会保留。
sites-disable = 停用网站
sites-enable = 启用网站
sites-staff = 本网站的员工
sites-staff-hint = 勾选的账号负责接待本网站的客户。取消勾选的人员也会退出本网站的团队。
sites-staff-all = 所有网站
sites-staff-save = 保存员工
sites-saved-staff = 员工已保存。
error-default-not-offered = 默认语言必须是已提供的语言之一。

# Closed loop: intake, deadlines, case panel
intake-heading = 请告诉我们您的问题类型
intake-category-label = 问题类型
intake-category-placeholder = 请选择问题类型
fact-required = （必填）
fact-choose-country = 请选择国家/地区
widget-reply-by = 我们将在 { $time }（您的当地时间）之前回复您。
widget-confirm-question = 我们已将您的问题标记为已解决。您的问题解决了吗？
widget-confirm-yes = 是的，已解决
widget-confirm-no = 还没有
widget-confirmed = 感谢您的确认。如有需要，欢迎随时联系我们。
widget-rating-question = 您对本次服务满意吗？请为这次对话打分。
widget-rating-star = { $score } 星
widget-rating-comment = 还有什么想补充的吗？（选填）
widget-rating-send = 提交评价
widget-rating-thanks = 感谢您的反馈！
widget-fees-open = 运费计算器
widget-fees-line = 运输线路
widget-fees-rate = 首重 { $first_weight } { $first_price }，续重每 { $step_weight } { $step_price }
widget-fees-max = 最多 { $max_weight }
widget-fees-weight = 包裹重量（千克）
widget-fees-result = 预估运费：{ $price }
widget-fees-weight-invalid = 请输入以千克为单位的重量，例如 1.5。
widget-fees-too-heavy = 超过 { $max_weight }，请联系我们单独报价。
priority = { $priority ->
    [urgent] 紧急
    [routine] 常规
   *[consultation] 咨询
}
actions-label = 会话操作
conversation-action = { $action ->
    [assign] 由我处理
    [unassign] 退回队列
    [start] 开始处理
    [wait_for_customer] 等待客户回复
    [resolve] 标记为已解决
    [reopen] 重新打开
   *[archive] 归档
}
duration = { $hours ->
    [0] { $minutes ->
        [0] { $seconds } 秒
       *[other] { $minutes } 分 { $seconds } 秒
    }
   *[other] { $hours } 小时 { $minutes } 分
}
clock-due-in = 剩余 { $time }
clock-overdue = 已超时 { $time }
clock-email-target = 邮件目标
clock-kind = { $kind ->
    [first_response] 首次响应
    [next_response] 后续响应
    [progress_update] 进度更新
    [acceptance] 专业团队接手
    [registration] 投诉登记
    [resolution] 解决
   *[follow_up] 回访
}
clock-phase = { $phase ->
    [paused] 已暂停
    [met] 已达成
    [breached] 未达成
   *[cancelled] 已取消
}
case-heading = 工单
case-category = 问题类型：{ $name }
case-clocks = 时限
case-facts = 关键信息
case-save-facts = 保存信息
case-history = 处理记录
case-actor = { $actor ->
    [customer] 客户
    [system] Parley
   *[staff] 客服
}
case-transition = { $to } · { $who }
alert-due-soon = { $clock }即将到期：{ $visitor }
alert-breached = { $clock }已超时：{ $visitor }

# Inbox filters
inbox-filters = 收件箱筛选
inbox-any = 全部
inbox-filter-view = 显示
inbox-filter-sla = 时限
inbox-filter-priority = 优先级
inbox-filter-category = 问题类型
inbox-filter-language = 语言
inbox-filter-tier = 客户等级
inbox-filter-sort = 排序
inbox-view = { $view ->
    [mine] 我的
    [unassigned] 未分配
   *[all] 全部
}
inbox-sla = { $sla ->
    [due_soon] 即将到期
   *[breached] 已超时
}
inbox-sort = { $sort ->
    [due] 按时限
   *[activity] 按最新动态
}
tier = { $tier ->
    [core] 核心客户
    [important] 重要客户
   *[ordinary] 普通客户
}
case-team = 团队：{ $name }
case-transfer = 转交
case-transfer-team = 团队
case-transfer-agent = 客服
case-transfer-queue = 团队队列（暂无负责人）
case-transfer-note = 交接备注
case-transfer-submit = 转交
availability-label = 您的在线状态
availability = { $availability ->
    [available] 可接待
    [away] 暂离
   *[offline] 离线
}
staff-link = 客服人员与分配
staff-title = 客服人员与分配
staff-intro = 会话会分配给已打开工作台、处于可接待状态、属于该会话团队、正在当班且具备该主题技能的客服；优先分配给会说客户语言的人，其次是当前负载最轻的人。
staff-new = 添加客服人员
staff-name = 姓名
staff-role = 角色
staff-role-name = { $role ->
    [junior] 初级客服
    [senior] 高级客服
    [supervisor] 主管
    [admin] 管理员
   *[mid] 客服
}
staff-create = 创建账号
staff-languages = 可使用的语言
staff-teams = 团队
staff-skills = 技能（用逗号分隔）
staff-capacity = 同时接待的会话数
staff-save = 保存资料
case-customer = 客户
case-customer-tier = 客户等级
case-customer-owner = 专属负责人（核心客户）
case-customer-no-owner = 无
case-customer-save = 保存客户信息
case-past = 以往会话
case-past-none = 没有以往会话。
widget-queue-position = { $waiting ->
    [one] 下一位就是您。
   *[other] 您排在第 { $position } 位，共 { $waiting } 人在等待。
}
widget-staff-online = 我们的客服现在在线。
widget-staff-offline = 我们的客服暂时不在；您的留言已安全保存，我们回来后会尽快回复。
error-profile-invalid = 请检查姓名、邮箱、技能、团队和接待上限。
error-password-too-short = 密码至少需要 12 个字符。
error-email-taken = 已有使用该邮箱的客服人员。
compliance-blocked = 本网站禁止发送“{ $phrase }”。请修改您的回复。
compliance-warning = “{ $phrase }”在本网站应避免使用的用语列表中。仍要发送吗？
compliance-send-anyway = 仍然发送
compliance-edit = 修改回复
staff-compliance = 客服禁用语
staff-compliance-hint = 每行一个用语。以 ! 开头的行会阻止发送；其他行会提醒客服，客服确认后可发送。
staff-compliance-version = 规则版本 { $version }
staff-compliance-save = 保存用语
error-compliance-blocked = 此回复包含本网站禁止的用语，未发送。
error-compliance-warning = 此回复包含应避免的用语，请确认后再发送。
case-ratings = 客户评价
case-rating-score = { $score } 分（满分 5 分）
case-notes = 内部备注
case-note-label = 给同事添加备注（客户看不到；用 @姓名 提及同事）
case-note-save = 添加备注
mention-alert = { $name } 在备注中提到了您
canned-label = 插入快捷回复
canned-unfilled = 发送前请补全：{ $names }
staff-canned = 快捷回复
staff-canned-hint = 按语言准备的回复。{"{"}order_number{"}"}、{"{"}waybill_number{"}"}、{"{"}agent_name{"}"} 等变量会根据会话自动填写；清空某个输入框即删除该语言的文本。
staff-canned-new = 新建快捷回复
staff-canned-key = 名称（小写字母、数字和连字符）
staff-canned-save = 保存回复
error-reply-key-invalid = 回复名称只能包含小写字母、数字和连字符（最多 40 个），且不能为 "greeting"。
upload-busy = 正在上传…
upload-remove = 删除 { $name }
upload-photo = 客户上传的文件
error-attachment-too-large = 文件太大（最大 10 MB）。
error-attachment-type = 请上传照片（JPEG、PNG、GIF、WebP）或 PDF 文件。
error-storage-quota = 本网站目前无法接收更多文件。请用文字描述问题；如有需要，客服会再向您索取照片。
texts-topics = 咨询主题及其表单标签
texts-topic = 主题 / 字段
texts-topics-missing = { $count ->
    [0] 所有主题和表单标签都已翻译。
   *[other] 有 { $count } 个名称或标签尚未翻译；客户会看到{ $fallback }版本。
}
setup-title = 团队、主题与时限
setup-intro = 分配和 SLA 计时所依据的设置。每部分单独保存，保存前会先检查；若被拒绝，会指出问题所在位置。
setup-part = { $part ->
    [teams] 区域团队
    [topics] 咨询主题及表单
    [fees] 运费计算器
    [compensation] 补偿权限与汇率
    [root_causes] 投诉根本原因
   *[targets] SLA 时限
}
setup-hint = { $part ->
    [teams] 每个团队：名称、日历（time_zone；shifts 中 day 为 mon–sun，start/end 为 HH:MM，结束时间不晚于开始时间表示跨过午夜；closures 为 YYYY-MM-DD），以及可选的主管和值班人员邮箱。未列出的团队会保留。
    [topics] 每个主题：key、各语言名称、priority（urgent、routine、consultation）、complaint、fields（key、kind 为 text/number/date/country/reference/upload、required、labels、pattern）、团队名称和技能。
    [fees] 每条价格线路：key、各语言名称、currency（ISO 4217 货币代码，如 CNY、EUR、JPY）、first_kg 和 first_price、step_kg 和 step_price（每超出一个计费段加收）、可选 max_kg。价格以货币的主单位填写，例如 "9.90"。
    [compensation] reference_currency（ISO 4217，默认 USD），junior 和 mid：初级、中级客服可单独批准的金额（以该货币计）；rates：currency、from（YYYY-MM-DD 或完整时间）和 rate（一个单位折合多少基准货币，最多 6 位小数）。汇率只能新增，不能修改：请从之后的时间添加新汇率。
    [root_causes] 每个原因：key（小写字母、数字、_ 或 -）及各语言名称。结案时从中选择一个。空列表（[]）表示使用默认原因。
   *[targets] 各项时限的分钟数（按优先级的首次响应、聊天首次回复、后续响应、进度更新、投诉登记、按优先级的解决时限），以及 follow_up_working_days 和 warn_percent。
}
setup-save = 保存
setup-json = 批量编辑（JSON）
setup-json-hint = 以 JSON 表示的同一设置，便于在网站之间复制或一次编辑多项。上方的表单与这些输入框保存的是同一份数据。
setup-targets = SLA 目标
setup-targets-hint = 按优先级规定员工必须多快回复和解决。计时按各团队的营业时间进行。
setup-unit =
    { $unit ->
        [days] 个工作日
        [pct] %
       *[min] 分钟
    }
setup-target-urgent-first-response = 首次回复（紧急）
setup-target-routine-first-response = 首次回复（常规）
setup-target-consultation-first-response = 首次回复（咨询）
setup-target-chat-first-reply = 聊天中的首次回复
setup-target-complaint-first-reply = 投诉聊天的首次回复
setup-target-next-response = 回复后续消息
setup-target-progress-update = 进度更新间隔不超过
setup-target-complaint-registration = 投诉受理时限
setup-target-escalation-acceptance = 升级问题由专业团队接手的时限
setup-target-urgent-resolution = 解决（紧急）
setup-target-routine-resolution = 解决（常规）
setup-target-consultation-resolution = 解决（咨询）
setup-target-follow-up-working-days = 解决后的回访
setup-target-warn-percent = 目标时限过去此比例时提醒
setup-fees-hint = 每一行按重量计价：首重一档，之后每开始一个续重档加收一次，可选设置最大重量。重量单位为千克，价格以货币的主单位填写（如 9.90）。填写空行即可新增；勾选“删除”即可删除；修改位置即可调整顺序。
setup-fee-line = 第 { $n } 行
setup-fee-new = 新行
setup-fee-key = 键（小写字母、数字、- 和 _）
setup-fee-names = 名称
setup-fee-currency = 货币（ISO 代码，如 EUR）
setup-fee-first-kg = 首重（千克）
setup-fee-first-price = 首重价格
setup-fee-step-kg = 每个续重档（千克）
setup-fee-step-price = 每个续重档价格
setup-fee-max-kg = 最大重量（千克，可选）
setup-order = 位置
setup-remove = 删除
setup-teams-hint = 每个团队按各自的营业时间接待：营业时间以外和休息日，SLA 计时暂停。填写空白团队即可新增。此处不会删除团队（会话和主题可能仍在使用）。
setup-team = 团队 { $n }
setup-team-new = 新团队
setup-team-name = 名称
setup-team-zone = 时区（输入以搜索，如 Asia/Shanghai）
setup-shifts = 班次
setup-shifts-hint = 每行一个班次；同一天可有多行（分段班次）。结束时间早于或等于开始时间表示跨过午夜。空行用于新增班次；勾选“删除”即可删除班次。
setup-shift-day = 星期
setup-shift-start = 开始
setup-shift-end = 结束
setup-closures = 休息日
setup-closure = 休息日期
setup-team-supervisor = 主管（接收升级）
setup-team-on-call = 值班人员（紧急空档）
setup-nobody = 无
setup-team-kept = 如需撤销团队，请先把它的主题移到其他团队。
setup-day-mon = 星期一
setup-day-tue = 星期二
setup-day-wed = 星期三
setup-day-thu = 星期四
setup-day-fri = 星期五
setup-day-sat = 星期六
setup-day-sun = 星期日
setup-topics-hint = 客户可以咨询的主题，每个主题带有登记表：小部件在第一条消息前询问的信息。填写空白主题（或字段）即可新增；勾选“删除”即可删除；修改位置即可调整顺序。
setup-topic = 主题 { $n }
setup-topic-new = 新主题
setup-topic-key = 键（小写字母、数字、- 和 _）
setup-topic-names = 各语言名称
setup-topic-priority = 优先级
setup-topic-team = 团队
setup-topic-skill = 分配所需技能（可选）
setup-topic-complaint = 投诉（受理计时和回访）
setup-field = 字段 { $n }
setup-field-new = 新字段
setup-field-key = 键
setup-field-kind = 类型
setup-field-labels = 各语言标签
setup-field-pattern = 格式（参考编号：整个值必须匹配的正则表达式）
setup-field-example = 示例（作为占位提示显示）
setup-field-required = 必填
setup-kind-text = 文本
setup-kind-number = 数字
setup-kind-date = 日期
setup-kind-country = 国家/地区
setup-kind-reference = 参考编号（订单、运单等）
setup-kind-upload = 照片或文件
setup-priority-urgent = 紧急
setup-priority-routine = 常规
setup-priority-consultation = 咨询
error-config-invalid = 此设置无法保存。请检查这里指出的位置：

# Issue 5: second factor, sessions, audit log
code-heading = 输入登录验证码
code-hint = 打开身份验证器应用，输入 Parley 的 6 位验证码，或输入一个恢复码。
code-label = 验证码
code-submit = 登录
enrol-heading = 两步登录
enrol-required = 你的角色必须使用两步登录。请先完成设置再继续。
enrol-hint = 用身份验证器应用扫描二维码或输入密钥，然后输入应用显示的 6 位验证码。
enrol-qr = 身份验证器应用的二维码
enrol-secret = 密钥：
enrol-submit = 启用
password-heading = 密码
password-current = 当前密码
password-new = 新密码
password-rules = 至少 12 个字符；不能是常见密码、您的邮箱或姓名。修改后，您的其他登录会话将结束。
password-submit = 修改密码
password-required = 管理员要求您先设置新密码才能继续。
security-title = 安全
security-totp-on = 两步登录已启用。
security-totp-off = 两步登录未启用。
security-recovery-left = 剩余未使用的恢复码：{ $count } 个。
security-fresh-codes = 这是你的恢复码。请妥善保存：每个只能使用一次，且只显示这一次。
security-sessions = 你的会话
security-session-current = 当前浏览器
security-revoke-others = 退出其他所有登录
security-policy = 两步登录规则
security-policy-hint = 必须使用两步登录的角色
audit-title = 审计日志
audit-action = 操作
audit-actor = 操作人
audit-conversation = 会话
audit-from = 开始日期
audit-until = 结束日期
audit-apply = 筛选
audit-export = 导出（JSON）
audit-count = 共 { $count } 条
audit-when = 时间
audit-detail = 详情
audit-ip = 地址
staff-unlock = 解锁
staff-reset-totp = 重置两步登录
staff-end-sessions = 退出所有登录
staff-require-password = 要求设置新密码
error-password-common = 该密码过于常见或容易被猜到，请换一个。
error-account-locked = 登录失败次数过多，账号已被暂时锁定。请稍后再试或联系管理员。
error-too-many-attempts = 此处登录失败次数过多，请等待几分钟。
error-code-invalid = 验证码无效。请输入当前的 6 位验证码或一个未使用的恢复码。
error-csrf-invalid = 此表单已过期。请刷新页面后重试。
error-conversation-forbidden = 你无权查看此会话。
error-read-only = 你只能查看此会话。

# Issue 5: personal data, consent, retention, identity
contact-field = { $field ->
    [email] 电子邮箱
    [phone] 电话
    [address] 地址
   *[name] 姓名
}
contact-heading = 客户
contact-none = 未提供联系方式。
contact-verified = 网站已登录用户：{ $user }
contact-consent = 同意时间：
customer-export = 导出客户数据（JSON）
customer-erase-confirm = 我确认客户已要求删除其数据
customer-erase = 删除客户数据
contact-offer = 留下联系方式
contact-update = 更新联系方式
contact-saved = 你的联系方式已保存。
contact-notice = 我们仅为回复你并跟进你的请求而收集姓名、邮箱、电话和地址。这些信息加密保存，仅处理你请求的工作人员可见，并在请求结束 { $days } 天后删除。
contact-consent-label = 我同意将我的联系方式用于上述目的。
contact-submit = 保存
contact-cancel = 取消
privacy-heading = 隐私：{ $site }
privacy-retention = 个人数据保留天数（请求结束后）
privacy-retention-hint = 到期后销毁联系方式、消息内容、表单回答和文件，仅保留销毁记录。
privacy-identity-required = 仅允许网站已登录用户咨询（必须验证身份）
privacy-identity-hint = 你的后端用此密钥对用户 ID 签名（HMAC-SHA256，十六进制），放入 data-user-hash，与 data-user-id 一起使用。
privacy-identity-secret = 身份密钥：
privacy-new-secret = 生成新密钥（旧密钥将失效）
error-consent-required = 发送联系方式前请勾选同意。
error-contact-invalid = 请检查此项。
error-identity-invalid = 无法确认你的身份，请重新登录网站。
error-rating-invalid = 请选择 1 到 5 星。
error-already-rated = 您已经评价过这次对话，谢谢！

# Issue 5: break-glass access
access-heading = 访问申请
access-reason-label = 你为什么需要查看会话 #{ $id }？由主管决定；访问仅可查看、有时限并会被记录。
access-request = 申请只读访问
access-pending = 你对会话 #{ $id } 的申请正在等待主管处理。
access-approved = 会话 #{ $id } 的只读访问有效至
access-denied = 你对会话 #{ $id } 的申请已被拒绝。
access-open = 打开
access-asks = { $agent } 申请查看会话 #{ $id }：
access-duration = 时长
access-minutes = { $minutes } 分钟
access-approve = 批准
access-deny = 拒绝
read-only-banner = 只读访问（紧急访问，已记录），有效至
staff-sites = 站点（键名，用逗号分隔；留空：全部站点）

## 补偿（issue 18）
notice-compensation-granted = { $kind ->
    [refund] 我们将为您退款 { $amount }。
    [coupon] 您将获得价值 { $amount } 的优惠券。
    [reshipment] 我们将为您重新发货（价值 { $amount }）。
   *[other] 您将获得价值 { $amount } 的补偿。
}
notice-compensation-refused = 很抱歉，{ $amount } 的补偿未获批准。客服将向您说明后续步骤。
compensation-heading = 补偿
compensation-kind = { $kind ->
    [refund] 退款
    [coupon] 优惠券
    [reshipment] 重新发货
   *[other] 其他
}
compensation-kind-label = 类型
compensation-amount = 金额
compensation-currency = 货币（ISO 代码）
compensation-reason = 原因
compensation-major-label = 重大投诉（高额索赔或品牌风险）：由管理层决定
compensation-limit = 您可单独批准最多 { $amount }；超出部分需主管批准。
compensation-no-limit = 除重大投诉外，您可单独批准任何金额。
compensation-propose = 提议补偿
compensation-reference = （= { $amount }）
compensation-major = 重大投诉
compensation-proposed = 提议人：{ $who }
compensation-decided = { $outcome ->
    [granted] { $who } 已给予：{ $amount }
    [approved] { $who } 已批准：{ $amount }
    [reduced] { $who } 已减至 { $amount }
   *[refused] { $who } 已拒绝
}
compensation-waiting = { $stage ->
    [supervisors] 等待主管决定
    [on_call] 等待值班人员决定
   *[management] 等待管理层决定
}，{ $left }
compensation-decide-reason = 原因（减少或拒绝时必填）
compensation-reduce-to = 减至（{ $currency }）
compensation-approve = 批准
compensation-reduce = 减少
compensation-refuse = 拒绝
compensation-approvals = 等待您决定的补偿
case-escalate = 升级给该团队的专家（一小时内接手；会通知客户）
case-complex = 复杂问题：每 30 分钟向客户通报一次进展
notice-escalated = { $owner ->
    [none] 您的问题已转交我们的 { $team } 专家团队。
   *[other] 您的问题已转交我们 { $team } 专家团队的 { $owner }。
}
notice-escalated-by = 我们将在 { $time } 前回复您。

## 投诉台账（issue 18）
complaints-title = 投诉
analysis-title = 月度投诉分析
complaint-heading = 投诉
complaint-step = { $step ->
    [raised] 已提出
    [registered] 已登记
    [investigated] 已调查
    [resolved] 已解决
    [answered] 已答复
   *[closed] 已结案
}
complaint-clock = { $clock ->
    [registration] 登记（1 个工作小时）
    [investigation] 调查（2 个工作日）
    [answer] 答复客户（1 个工作日）
   *[follow_up] 回访（3 个工作日）
}
complaint-standing = { $standing ->
    [met] 按时
    [breached] 延迟
    [overdue] 已逾期
    [due_soon] 即将到期
   *[running] 进行中
}
complaint-owner = 负责人：{ $name }
complaint-open = 在投诉台账中打开
complaint-summary = 投诉内容
complaint-major = 重大（高额索赔或品牌风险）
complaint-raise = 登记为投诉
complaint-alert = { $breached ->
    [true] 投诉 #{ $id }：{ $clock } 已逾期
   *[other] 投诉 #{ $id }：{ $clock } 即将到期
}
complaint-case = 投诉 #{ $id }
complaint-result = 处理结果
complaint-cause = 根本原因
complaint-note = 备注（可选）
complaint-history = 记录
complaint-history-line = { $action ->
    [raised] 已提出
    [registered] 已登记
    [investigated] 已调查
    [resolved] 已解决
    [answered] 已答复
    [closed] 已回访并结案
    [linked] 已关联会话
   *[owner] 负责人或严重程度已更改
} { $who }
complaint-take-step = { $step ->
    [registered] 登记并负责
    [investigated] 标记为已调查
    [resolved] 标记为已解决
    [answered] 标记为已答复
   *[closed] 已回访，结案
}
complaint-severity = { $severity ->
    [major] 重大
   *[ordinary] 普通
}
complaint-root-cause = { $key ->
    [carrier_delay] 承运商延误
    [damaged_in_transit] 运输途中损坏
    [lost_parcel] 包裹丢失
    [wrong_item] 发错商品
    [product_defect] 产品缺陷
    [customs] 海关
    [billing_error] 账单错误
    [staff_conduct] 员工态度
    [website_error] 网站故障
   *[other] 其他
}
complaints-all = 全部
complaints-site = 网站
complaints-state = 状态
complaints-state-option = { $state ->
    [open] 未结案
    [closed] 已结案
    [raised] 已提出
    [registered] 已登记
    [investigated] 已调查
    [resolved] 已解决
   *[answered] 已答复
}
complaints-overdue = 仅显示逾期
complaints-category = 主题
complaints-owner = 负责人
complaints-severity = 严重程度
complaints-raised = 提出时间
complaints-customer = 客户
complaints-clocks = 时限
complaints-clock = 时限
complaints-due = 截止
complaints-done = 完成
complaints-standing = 状况
complaints-export = 下载 CSV
complaints-no-topic = 无主题
complaints-outcome = { $outcome ->
    [granted] 已给予
    [approved] 已批准
    [reduced] 已减少
    [refused] 已拒绝
   *[waiting] 等待批准
}
analysis-month = 月份
analysis-compensation-export = 补偿台账（CSV）
analysis-share = { $conversations } 个会话中有 { $complaints } 个投诉：{ $share }（目标：不超过 5 %）
analysis-by-category = 按主题统计的投诉
analysis-by-root-cause = 按根本原因统计的投诉
analysis-on-time = 按时完成的时限
analysis-compensation = 按类型统计的补偿
analysis-trend = 最近 12 个月的投诉
complaint-linked = 还包括
complaint-link = 该客户的其他会话
complaint-link-save = 关联到此投诉

## API keys (issue 19)
api-keys-title = API 密钥
api-keys-intro = 您的后端以 Authorization: Bearer 发送的密钥，用于通过 /api/v1 读取和更改本网站的数据。密钥仅在创建时显示一次；Parley 只保存其哈希值。
api-key-name = 名称
api-key-scope = 权限范围
api-key-scope-option = { $scope ->
    [write] 读写
   *[read] 只读
}
api-key-create = 创建密钥
api-key-created = 请立即复制此密钥：它不会再次显示。
api-key-prefix = 开头
api-key-last-used = 最近使用
api-key-never = 从未
api-key-state = 状态
api-key-revoke = 吊销
api-key-revoked = 密钥已吊销：此后使用它的请求将被拒绝。
api-key-revoked-at = 已吊销

api-docs-json = OpenAPI 3.1 文档（JSON）
api-docs-operations = 操作
api-docs-types = 类型
api-docs-parameters = 参数
api-docs-name = 名称
api-docs-in = 位置
api-docs-type = 类型
api-docs-description = 说明
api-docs-required = 必填
api-docs-body = 请求正文
api-docs-responses = 响应
api-docs-reference = API 参考

webhooks-title = Webhook
webhooks-intro = 当此站点发生事件时，Parley 会调用您后端的这些地址。每次投递都是一个 JSON POST，并用端点的密钥在 Parley-Signature 标头中签名（t=时间,v1="时间.正文" 的 HMAC-SHA256）；请校验签名并以 2xx 状态码响应。失败的投递会在 24 小时内重试。
webhooks-url = 端点 URL
webhooks-events = 事件
webhooks-add = 添加端点
webhooks-none = 尚无端点。
webhooks-secret = 签名密钥
webhooks-failing = 投递已连续失败一天，自此停止：
webhooks-healthy = 投递正常送达。
webhooks-remove = 删除
webhooks-log = 最近的投递
webhooks-event = 事件
webhooks-when = 时间
webhooks-attempts = 尝试次数
webhooks-answer = 响应
webhooks-redeliver = 重新发送
webhooks-state = { $state ->
    [delivered] 已送达
    [given-up] 已放弃
   *[pending] 等待重试
}
webhooks-done = { $what ->
    [added] 已添加端点。
    [removed] 已删除端点。
   *[redelivered] 将重新发送此投递。
}
lookup-title = 订单查询（跟踪我的订单）
lookup-intro = 当客户在小部件中跟踪订单，或客服在案例面板中查询订单时，Parley 会以 JSON 格式、按与 Webhook 相同的方式签名，将订单号、客户的用户 ID（或其填写的电子邮箱或邮编）及其语言发送到此地址，并显示响应中的各个步骤。留空则关闭跟踪。
lookup-save = 保存订单查询
track-title = 跟踪我的订单
track-order = 订单号或运单号
track-contact = 下单时的电子邮箱或邮编
track-submit = 跟踪
track-order-is = 订单 { $order }
track-eta = 预计送达：{ $when }
track-step = { $kind ->
    [accepted] 订单已受理
    [in_transit] 运输中
    [customs] 清关中
    [out_for_delivery] 派送中
    [delivered] 已签收
    [exception] 受阻
   *[returned] 正在退回寄件人
}

## Help centre (issue 20)
help-files = 下载
help-title = 帮助中心
help-search-label = 搜索帮助中心
help-search-button = 搜索
help-results = “{ $query }”的搜索结果
help-no-results = 没有匹配的文章。请换个说法，或在聊天中咨询我们。
help-back = 全部文章
help-other-articles = 更多文章
help-shown-in = 本文暂无您的语言版本，现以{ $language }显示。
help-languages = 其他语言

## Knowledge base at the desk (issue 20)
kb-suggest = 文章
kb-suggest-search = 搜索文章
kb-suggest-none = 没有合适的文章，请换个说法搜索。
kb-insert-link = 插入链接
kb-insert-text = 插入正文
kb-files = 附件
kb-file-add = 添加附件（PDF 或图片，最大 10 MB）
kb-file-remove = 删除
kb-uploading = 正在上传…
kb-title = 知识库
kb-intro = 客户在小部件、帮助中心和机器人回答中看到的文章，每种语言一个版本。修改立即生效。
kb-new = 新建文章
kb-edit = 编辑文章
kb-articles = 文章
kb-none = 还没有文章。
kb-slug = 地址（a–z、0–9、连字符）
kb-collection = 分类
kb-no-collection = 无分类
kb-locale = 语言
kb-article-title = 标题
kb-body = 正文
kb-body-hint = 空行开始新段落；以“- ”开头的行是列表项。
kb-published = 已发布（客户可见）
kb-save = 保存
kb-preview = 预览
kb-history = 历史记录
kb-remove = 删除文章
kb-saved = 已保存，客户现在即可看到修改。
kb-removed = 文章已删除。
kb-views = 浏览
kb-helpful = 有帮助
kb-not-helpful = 没有帮助
kb-offered = 机器人回答
kb-help-centre-link = 打开帮助中心
kb-figures = 最近 30 天：机器人独立解决 { $alone } 个会话，转人工 { $handed } 个。
kb-fallback-note = 尚无{ $language }版本：使用{ $language }的客户会看到{ $fallback }版本。
kb-state = { $state ->
    [live] 已发布
    [draft] 草稿
   *[missing] 缺失
}
kb-action = { $action ->
    [published] 发布
    [unpublished] 撤回为草稿
    [file_added] 添加附件
    [file_removed] 删除附件
    [moved] 设置地址或分类
    [removed] 删除
   *[saved] 保存
}

## The bot (issue 20)
bot-name = 智能助手
bot-answer = 这篇文章也许能回答您的问题：
bot-answer-more = 如果没有解决，请选择“转人工”，或换个说法再问。
bot-fetching = 正在为您转接人工客服，我们的同事会在这里回复您。
bot-no-answer = 帮助中心里没有找到这个问题的答案，正在为您转接人工客服，我们的同事会在这里回复您。
help-vote-question = 这篇文章有帮助吗？
help-vote-yes = 有帮助
help-vote-no = 没有帮助
help-vote-thanks = 感谢您的反馈。
help-talk-to-person = 转人工
kb-bot-label = 机器人根据这些文章回答顾客
kb-bot-hint = 有把握时它会发送文章；没有把握或顾客要求时，会把会话转给人工，计时从那一刻开始。关闭后，它手上的会话全部转人工。
kb-bot-save = 保存
kb-bot-on = 机器人已开启。
kb-bot-off = 机器人已关闭；它处理中的会话已进入队列。
case-bot = 机器人
case-bot-holding = 机器人正在回答；转人工之前不计时。
case-bot-handed = 机器人已于 { $time } 转人工。
case-bot-answered = 机器人已回答。
case-bot-verdict = { $verdict ->
    [yes] 有帮助
    [no] 没有帮助
   *[none] 尚未评价
}
widget-help = 帮助
widget-help-close = 关闭帮助
widget-talk-to-person = 转人工
widget-read-article = 阅读文章

reports-title = 服务报表
report-from = 开始日期
report-until = 结束日期
report-tz = 时区
report-by = 细分维度
report-period = 趋势粒度
report-dimension = { $by ->
    [agent] 客服
    [team] 团队
    [region] 客户地区
    [language] 语言
    [category] 主题
   *[priority] 优先级
}
report-period-name = { $period ->
    [day] 日
    [week] 周
   *[month] 月
}
report-metric = { $metric ->
    [conversations] 会话数
    [response_rate] 响应率
    [on_time_first_response] 首次响应及时率
    [resolution_rate] 解决率
    [first_contact_resolution] 首次接触解决率
    [first_response_mean] 平均首次响应时间
    [first_response_p90] 首次响应时间（第 90 百分位）
    [csat] 满意度（CSAT）
    [ratings] 评价数
    [complaint_rate] 投诉率
    [complaint_resolution_time] 投诉处理时长
    [follow_up_completion] 按时回访率
   *[qa_score] 质检评分
}
report-verdict = { $met ->
    [yes] 达标
   *[no] 未达标
}（{ $metric ->
    [on_time_first_response] 不低于 95 %
    [resolution_rate] 不低于 90 %
    [csat] 不低于 4.5
    [complaint_rate] 不高于 5 %
   *[complaint_resolution_time] 24 小时内
}）
report-none = { $by ->
    [agent] 未分配
    [team] 无团队
    [region] 地区未知
    [language] 语言未知
    [category] 无主题
   *[priority] 无
}
report-region = { $area ->
    [Europe] 欧洲
    [Asia] 亚洲
    [America] 美洲
    [Africa] 非洲
    [Australia] 澳大利亚
    [Pacific] 太平洋
    [Atlantic] 大西洋
    [Indian] 印度洋
   *[Antarctica] 南极洲
}
report-total = 全部会话
report-scope-site = 整个站点
report-scope-teams = 您的团队和公共队列
report-in-zone = 日期按 { $tz } 计算
report-export = { $table ->
    [slices] 下载细分表（CSV）
   *[trend] 下载趋势表（CSV）
}
report-trend-title = { $period ->
    [day] 按日趋势
    [week] 按周趋势
   *[month] 按月趋势
}
report-slices-title = 按{ $by }
report-chart-title = 按{ $by }的{ $metric }
report-table-title = 按{ $by }的全部指标
chart-summary = 共 { $count } 行。最高：{ $high }（{ $high_value }）；最低：{ $low }（{ $low_value }）。
chart-empty = 此期间没有可显示的数据。
report-audit-title = 审计日志月度审查
report-audit-owed = { $count ->
    [0] 已结束月份的审计日志均已审查。
   *[other] 有 { $count } 个月的审计日志尚未审查。
}
report-audit-open = { $month } 的审计日志
report-audit-note = 检查了什么、发现了什么
report-audit-mark = 标记为已审查
report-audit-reviewed = { $month } 已由 { $name } 审查
report-audit-done = { $month } 已标记为已审查。

qa-title = 质检评审
qa-done = { $done ->
    [drawn] 本周样本已抽取。
    [added] 会话已加入样本。
    [reviewed] 评审已保存。
   *[sheet] 评分表已保存。
}
qa-week-label = 该周中的任意一天
qa-week-title = { $from } 至 { $until } 这一周（{ $tz }）
qa-previous = 上一周
qa-next = 下一周
qa-counts = 本周已结束 { $closed } 个会话，样本中 { $sampled } 个。
qa-drawn = 以种子 { $seed } 抽取于
qa-drawn-early = （在本周结束前抽取；其余的在周末抽取）
qa-not-drawn = 尚未抽取：样本在本周结束时抽取，也可以用按钮立即抽取。
qa-not-drawn-ended = 尚未抽取；几分钟内会自动抽取，也可以用按钮立即抽取。
qa-draw = 立即抽取样本
qa-sample-title = 样本
qa-sample-none = 样本中没有会话。
qa-conversation = 会话 { $id }（{ $agent }）
qa-added-by = 由 { $name } 添加
qa-drawn-by-lot = 抽取
qa-own = 此会话由您处理，因此由他人评审。
qa-criterion = { $key ->
    [greeting] 问候
    [accuracy] 准确性
    [compliance] 合规
    [tone] 语气
    [resolution] 解决
   *[other] { $key }
}
qa-criterion-weighted = { $criterion }（权重 { $weight }）
qa-points-choose = 请选择
qa-points-option = { $points ->
    [4] 4 — 优秀
    [3] 3 — 良好
    [2] 2 — 一般
    [1] 1 — 较差
   *[0] 0 — 缺失
}
qa-points = { $criterion }：{ $points }/4 分（权重 { $weight }）
qa-comment = 给客服的评语
qa-review-save = 保存评审
qa-reviewed-by = { $agent } 的会话 { $conversation }，评审人 { $name }
qa-unsampled-title = 本周已结束但不在样本中的会话
qa-add = 加入样本
qa-add-label = 将会话 { $conversation } 加入样本
qa-sheet-title = 评分表
qa-sheet-help = 每个项目评 0 到 4 分；权重合计必须为 100。名称使用小写字母和下划线。
qa-sheet-key = 项目
qa-sheet-weight = 权重
qa-sheet-key-row = 项目 { $row }
qa-sheet-weight-row = 项目 { $row } 的权重
qa-sheet-save = 保存评分表
qa-mine-title = 我的会话评审
qa-mine-none = 您的会话尚未被评审。

library-title = 案例库
library-similar = 相似案例
library-search = 搜索案例库
library-search-button = 搜索
library-none = 未找到案例。
library-rating = 评分 { $score }/5
library-added-by = 由 { $name } 添加
library-demand = 客户的诉求
library-solution = 解决方法
library-in = 此案例已在案例库中。
library-add-title = 将此案例加入案例库
library-add-help = 请写得便于同事复用。客户的姓名、联系方式和卡号会被去除。
library-add = 加入案例库
library-removed = 案例已从案例库中移除。
library-remove = 从案例库移除
library-remove-label = 将案例 { $case } 从案例库移除

## E-mail (issue 22): the mails customers receive, the unsubscribe page.
mail-subject-reply = 来自 { $site } 的新回复
mail-subject-transcript = 您与 { $site } 的对话
mail-new-reply = { $site } 回复了您的消息：
mail-transcript = 以下是您与 { $site } 的对话：
mail-earlier = 之前的对话
mail-you = 您
mail-answer-hint = 直接回复此邮件即可，您的回复会进入同一对话。
mail-continue = 在 { $site } 的聊天中继续
mail-unsubscribe = 停止接收此对话的邮件
mail-unsubscribe-title = 此对话的邮件
mail-unsubscribe-confirm = 不再向我发送此对话的邮件
mail-unsubscribed = 您将不会再收到此对话的邮件。
setup-target-email-first-reply = 邮件的首次回复
message-by-email = 通过邮件
channel-email = 邮件
channel-chat = 聊天
inbox-filter-channel = 渠道
case-mail = 邮件
case-mail-began = { $channel ->
    [email] 此对话始于一封邮件。
   *[other] 此对话始于聊天。
}
case-mail-reachable = 客户在聊天中错过的回复会通过邮件发送给他们。
case-mail-unreachable = 客户没有留下电子邮件地址。
case-mail-unsubscribed = 客户已停止接收此对话的邮件。
case-mail-kind = { $kind ->
    [transcript] 对话记录
   *[other] 回复
}
case-mail-state = { $state ->
    [sent] 已发送
    [retrying] 尚未发送（已尝试 { $attempts } 次）
    [given_up] 已放弃
   *[other] 排队中
}
case-mail-transcript = 通过邮件将对话记录发送给客户
case-mail-files = 客户通过邮件发送的文件
case-mail-file = { $name } · { $kb } KB · 随消息 { $seq }
