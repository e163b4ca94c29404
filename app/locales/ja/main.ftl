## お客様用ウィジェット
widget-title = チャットで問い合わせる
widget-greeting-default = こんにちは！どのようなご用件でしょうか？
widget-close = チャットを閉じる
widget-launcher = チャットで問い合わせる
widget-message-list = 会話
composer-label = メッセージ
composer-placeholder = メッセージを入力…
composer-send = 送信
typing-agent = サポート担当者が入力中…
widget-you = あなた
message-customer = お客様
widget-support = サポート

## 送信状態
status-sending = 送信中…
status-sent = 送信済み
status-delivered = 配信済み
status-read = 既読
status-failed = 未送信

## 接続
language-label = 言語
connection-online = 接続中
connection-reconnecting = 接続が切れました。再接続しています…

## スタッフデスク
desk-message-list = メッセージ履歴
desk-title = Parley デスク
login-heading = デスクにサインイン
login-email = メールアドレス
login-password = パスワード
login-submit = サインイン
logout = サインアウト
signed-in-as = { $name } としてサインイン中
conversations-heading = 会話
conversations-empty = まだ会話はありません。
conversation-unread = 未読 { $count } 件
conversation-visitor = 訪問者 { $label }
conversation-status = { $status ->
    [received] 新規
    [assigned] 担当者決定
    [in_progress] 対応中
    [waiting_on_customer] お客様の返信待ち
    [resolved] 解決済み
    [confirmed] お客様が解決を確認
    [archived] アーカイブ済み
   *[reopened] 再オープン
}
conversation-pick = 一覧から会話を選んでください。
conversation-no-messages = まだメッセージはありません。
conversation-language = 言語：{ $locale }
conversation-local-time = 現地時刻：{ $time }
reply-label = 返信
reply-placeholder = 返信を入力…
reply-send = 送信
typing-customer = お客様が入力中…

## エラーコード
error-invalid-json = アプリから読み取れないデータが送信されました。
error-unknown-frame-type = アプリからサーバーが対応していないリクエストが送信されました。
error-invalid-frame = アプリから不完全なリクエストが送信されました。
error-frame-too-large = サイズが大きすぎるため送信できません。
error-hello-required = 接続を正しく確立できませんでした。再接続しています…
error-unsupported-version = このチャットは古いバージョンです。ページを再読み込みしてください。
error-unknown-site = このウェブサイトではチャットが設定されていません。
error-origin-forbidden = このウェブサイトではこのチャットを利用できません。
error-token-invalid = チャットのセッションを確認できなかったため、新しいセッションを開始しました。
error-token-expired = チャットのセッションの有効期限が切れたため、新しいセッションを開始しました。
error-message-empty = メッセージを入力してください。
error-message-too-long = メッセージが長すぎます。短くしてからお送りください。
error-rate-limited = 送信の間隔が短すぎます。少し時間をおいてからお試しください。
error-unauthorized = もう一度サインインしてください。
error-invalid-credentials = メールアドレスまたはパスワードが正しくありません。
error-not-found = その会話は存在しません。
error-invalid-transition = 現在の会話の状態では、その操作はできません。
error-fact-missing = 必須項目をすべて入力してください。
error-fact-invalid = 強調表示された項目をご確認ください。
error-category-required = お問い合わせの種類を選んでください。
error-lagged = 接続に遅れが生じました。同期しています…
error-origin-invalid = 許可するオリジンは https://host または https://host:port（http は localhost のみ）、サブドメインには https://*.example.com の形式で指定してください。
error-contrast-too-low = この色は明るすぎます。白い文字が読みにくくなります（WCAG AA では 4.5:1 が必要です）。もっと濃い色を選んでください。
error-site-name-invalid = サイト名は 1〜100 文字で入力してください。
error-amount-invalid = 正の金額を、通貨の小数桁数以内で入力してください。
error-currency-unknown = 通貨コードではありません（ISO 4217、例: USD、EUR、JPY）。
error-rate-missing = この通貨の為替レートがまだありません。管理者が設定ページで追加します。
error-already-decided = この補償はすでに決定済みです。
error-not-approver = この補償は決定できません。自分の提案であるか、権限を超えているか、まだあなた宛てではありません。
error-idempotency-conflict = この Idempotency-Key は別のリクエストに使われたか、最初のリクエストがまだ処理中です。
error-webhook-url-invalid = ホストを含む http または https の URL を、ユーザー名やパスワードなしで入力してください。
error-webhook-url-private = このアドレスはプライベートまたはローカルネットワーク上にあるため、Parley は呼び出しません。
error-webhook-limit = 1 つのサイトのエンドポイントは最大 10 個です。先に 1 つ削除してください。
error-tracking-not-found = その注文が見つかりませんでした。番号（と注文時のメールアドレスまたは郵便番号）をご確認ください。
error-tracking-unavailable = 現在、注文の追跡をご利用いただけません。数分後にもう一度お試しください。
error-tracking-off = このショップではここで注文の追跡を提供していません。
error-slug-invalid = アドレスに使えるのは半角小文字 a–z、数字、ハイフンのみです（80文字まで）。
error-slug-taken = このアドレスは別の記事ですでに使われています。
error-report-range-invalid = 日付は実在する日で、開始日が終了日より後でなく、期間は400日以内にしてください。
error-time-zone-unknown = 不明なタイムゾーンです。Europe/Berlin や Asia/Tokyo のような名前を使ってください。
error-sheet-invalid = 評価シートには1〜12個の項目が必要です。項目名は小文字の英字で、重みの合計は100にしてください。
error-own-conversation = 自分が対応した会話は評価できません。
error-already-reviewed = この会話はすでに評価されています。
error-case-not-resolved = 事例ライブラリに追加できるのは解決済みの案件だけです。
error-already-in-library = この案件はすでに事例ライブラリにあります。
error-no-email-address = お客様はメールアドレスを残していません。
error-mail-off = この Parley はメールを送信しません（SMTP リレーが未設定です）。
error-internal = サーバー側で問題が発生しました。もう一度お試しください。

## お客様向けテキスト
texts-link = お客様向けテキスト
texts-title = お客様向けテキスト
texts-intro = お客様には各自の言語でテキストが表示されます。ある言語のテキストがない場合は、{ $fallback }のテキストが表示されます。
texts-kind = { $kind ->
    [away] 不在メッセージ（対応できる人がいない間）
    [confirm] 「問題は解決しましたか？」の質問
    [rating] 評価のお願い（解決後）
   *[greeting] あいさつ
}
texts-missing = 未入力：お客様には{ $fallback }のテキストが表示されます
texts-missing-count = { $count ->
    [0] すべての言語が入力済みです。
   *[other] 未翻訳 { $count } 件
}
texts-save = テキストを保存
texts-saved = テキストを保存しました。
desk-back = 会話一覧に戻る
error-forbidden = この操作は管理者のみが行えます。
error-text-too-long = テキストが長すぎます（1,000 文字まで）。
texts-languages = お客様に提供する言語
texts-languages-hint = お客様の言語が提供されていない場合は、既定の言語で表示されます。
texts-default = 既定の言語
texts-languages-save = 言語設定を保存
sites-title = サイト
sites-intro = サイトとは、script タグ 1 つで自社のページにチャットを埋め込むショップやブランドのことです。
sites-list = あなたのサイト
sites-disabled = 無効
sites-pick = 設定を変更するサイトを選んでください。
sites-create = サイトを追加
sites-name = 名前
sites-create-button = サイトを追加
sites-saved-created = サイトを追加しました。チャットを表示するページを許可し、そのページに埋め込みコードを貼り付けてください。
sites-saved-settings = 設定を保存しました。開いているページには数秒で反映されます。
sites-saved-enabled = サイトを有効にしました。チャットが再び読み込まれます。
sites-saved-disabled = サイトを無効にしました。チャットは読み込まれなくなります。会話は保持されます。
sites-key = 公開キー
sites-origins = チャットを表示できるページ
sites-origins-hint = 1 行に 1 つのオリジン：https://shop.example.com、https://shop.example.com:8443、またはすべてのサブドメインには https://*.example.com（http:// は localhost のみ）。それ以外のページにはチャットは表示されません。
sites-accent = アクセントカラー
sites-accent-hint = チャットボタンやボタンの白い文字の背景に使うため、十分に濃い色にしてください（コントラスト 4.5:1 以上、WCAG AA）。
sites-position = チャットボタンの位置
sites-position-end = 右下（右から左に書くページでは左下）
sites-position-start = 左下（右から左に書くページでは右下）
sites-launcher = チャットボタンのラベル
sites-launcher-hint = スクリーンリーダーがチャットボタンについて読み上げる内容（言語ごと）。
sites-launcher-default = 未設定：この言語では Parley のラベルが使われます。
sites-identity = 本人確認済みの ID を必須にする（サイトのバックエンドがログイン中の各ユーザーに署名します）
sites-save = 設定を保存
sites-snippet = 埋め込みコード
sites-snippet-hint = チャットを表示するすべてのページの </body> の直前に貼り付けてください。
sites-identity-snippets = ログイン中のユーザーの確認
sites-identity-hint = バックエンドでユーザー ID の HMAC-SHA256 をサイトの ID シークレット（セキュリティページ）で計算し、ID とそのハッシュをページに渡します。シークレット自体は決してページに載せないでください。
sites-identity-no-secret = このサイトにはまだ ID シークレットがありません。セキュリティページで作成してください。
sites-identity-page = ページ側
sites-setup-link = チーム・営業時間・トピック
sites-texts-link = あいさつ文などのテキスト
sites-disable-hint = 無効にしたサイトのチャットはどこでも読み込まれなくなります。会話と設定は保持されます。
sites-disable = サイトを無効にする
sites-enable = サイトを有効にする
sites-staff = このサイトのスタッフ
sites-staff-hint = チェックしたアカウントがこのサイトのお客様に対応します。外すと、このサイトのチームからも外れます。
sites-staff-all = すべてのサイト
sites-staff-save = スタッフを保存
sites-saved-staff = スタッフを保存しました。
error-default-not-offered = 既定の言語は、提供する言語の中から選んでください。

# Closed loop: intake, deadlines, case panel
intake-heading = お問い合わせの内容
intake-category-label = 種類
intake-category-placeholder = 種類を選んでください
fact-required = (必須)
fact-choose-country = 国を選んでください
widget-reply-by = { $time }(お客様の現地時間)までにご返信します。
widget-confirm-question = このお問い合わせを解決済みにしました。問題は解決しましたか？
widget-confirm-yes = はい、解決しました
widget-confirm-no = いいえ、まだです
widget-confirmed = ご確認ありがとうございました。またいつでもご連絡ください。
widget-rating-question = 今回の対応はいかがでしたか？評価をお願いいたします。
widget-rating-star = 星{ $score }つ
widget-rating-comment = ご意見があればお書きください（任意）
widget-rating-send = 評価を送信
widget-rating-thanks = ご意見をいただき、ありがとうございました。
widget-fees-open = 送料を計算する
widget-fees-line = 配送方法
widget-fees-rate = 最初の{ $first_weight }まで{ $first_price }、以降{ $step_weight }ごとに{ $step_price }
widget-fees-max = 上限{ $max_weight }
widget-fees-weight = 荷物の重さ（kg）
widget-fees-result = 送料の目安：{ $price }
widget-fees-weight-invalid = 重さをキログラムで入力してください（例：1.5）。
widget-fees-too-heavy = { $max_weight }を超える場合はお見積もりをご依頼ください。
priority = { $priority ->
    [urgent] 緊急
    [routine] 通常
   *[consultation] 相談
}
actions-label = 会話の操作
conversation-action = { $action ->
    [assign] 担当する
    [unassign] キューに戻す
    [start] 対応を開始
    [wait_for_customer] お客様の返信待ちにする
    [resolve] 解決済みにする
    [reopen] 再オープン
   *[archive] アーカイブ
}
duration = { $hours ->
    [0] { $minutes ->
        [0] { $seconds }秒
       *[other] { $minutes }分{ $seconds }秒
    }
   *[other] { $hours }時間{ $minutes }分
}
clock-due-in = 残り{ $time }
clock-overdue = { $time }超過
clock-email-target = メールの目標
clock-kind = { $kind ->
    [first_response] 初回応答
    [next_response] 次回応答
    [progress_update] 進捗報告
    [acceptance] 専門チームの引き受け
    [registration] 苦情の受付
    [resolution] 解決
   *[follow_up] フォローアップ
}
clock-phase = { $phase ->
    [paused] 一時停止中
    [met] 達成
    [breached] 未達
   *[cancelled] 取り消し
}
case-heading = 案件
case-category = 種類: { $name }
case-clocks = 期限
case-facts = 主な情報
case-save-facts = 情報を保存
case-history = 履歴
case-actor = { $actor ->
    [customer] お客様
    [system] Parley
   *[staff] スタッフ
}
case-transition = { $to } · { $who }
alert-due-soon = まもなく期限: { $clock }({ $visitor })
alert-breached = 期限超過: { $clock }({ $visitor })

# Inbox filters
inbox-filters = 受信箱のフィルター
inbox-any = すべて
inbox-filter-view = 表示
inbox-filter-sla = 期限
inbox-filter-priority = 優先度
inbox-filter-category = 種類
inbox-filter-language = 言語
inbox-filter-tier = 顧客ランク
inbox-filter-sort = 並べ替え
inbox-view = { $view ->
    [mine] 自分の担当
    [unassigned] 未割り当て
   *[all] すべて
}
inbox-sla = { $sla ->
    [due_soon] まもなく期限
   *[breached] 期限超過
}
inbox-sort = { $sort ->
    [due] 期限順
   *[activity] 最新の更新順
}
tier = { $tier ->
    [core] 重要顧客
    [important] 優良顧客
   *[ordinary] 一般
}
case-team = チーム: { $name }
case-transfer = 引き継ぎ
case-transfer-team = チーム
case-transfer-agent = 担当者
case-transfer-queue = チームのキュー(担当者なし)
case-transfer-note = 引き継ぎメモ
case-transfer-submit = 引き継ぐ
availability-label = 対応状況
availability = { $availability ->
    [available] 対応可能
    [away] 離席中
   *[offline] オフライン
}
staff-link = スタッフと振り分け
staff-title = スタッフと振り分け
staff-intro = 会話は、デスクを開いていて対応可能、会話のチームに所属し、勤務時間内で、トピックのスキルを持つ担当者に振り分けられます。お客様の言語を話せる担当者を優先し、次に負荷の少ない担当者を選びます。
staff-new = スタッフを追加
staff-name = 名前
staff-role = 役割
staff-role-name = { $role ->
    [junior] 担当者（新人）
    [senior] 担当者（上級）
    [supervisor] スーパーバイザー
    [admin] 管理者
   *[mid] 担当者
}
staff-create = アカウントを作成
staff-languages = 対応言語
staff-teams = チーム
staff-skills = スキル（カンマ区切り）
staff-capacity = 同時に対応できる会話数
staff-save = プロフィールを保存
case-customer = お客様
case-customer-tier = 顧客ランク
case-customer-owner = 専任担当者（重要顧客）
case-customer-no-owner = なし
case-customer-save = お客様情報を保存
case-past = 過去の会話
case-past-none = 過去の会話はありません。
widget-queue-position = { $waiting ->
    [one] 次にご案内します。
   *[other] { $waiting } 人中 { $position } 番目にお待ちいただいています。
}
widget-staff-online = ただいまスタッフが対応中です。
widget-staff-offline = ただいまスタッフは不在です。メッセージは保存されていますので、戻り次第お返事します。
error-profile-invalid = 名前、メールアドレス、スキル、チーム、対応数をご確認ください。
error-password-too-short = パスワードは 12 文字以上にしてください。
error-email-taken = このメールアドレスのスタッフはすでに登録されています。
compliance-blocked = このサイトでは「{ $phrase }」を送信できません。返信を言い換えてください。
compliance-warning = 「{ $phrase }」はこのサイトで避けるべき表現に含まれています。このまま送信しますか？
compliance-send-anyway = このまま送信
compliance-edit = 返信を編集
staff-compliance = スタッフが送信してはいけない表現
staff-compliance-hint = 1 行に 1 つの表現を入力します。! で始まる行は送信を禁止し、それ以外の行は担当者に警告します（確認すれば送信できます）。
staff-compliance-version = ポリシーのバージョン { $version }
staff-compliance-save = 表現を保存
error-compliance-blocked = この返信にはサイトで禁止されている表現が含まれているため、送信されませんでした。
error-compliance-warning = この返信には避けるべき表現が含まれています。送信するには確認してください。
case-ratings = お客様の評価
case-rating-score = 5点中{ $score }点
case-notes = 社内メモ
case-note-label = 同僚向けのメモを追加（お客様には表示されません。@名前 でメンションできます）
case-note-save = メモを追加
mention-alert = { $name } さんがメモであなたをメンションしました
canned-label = 定型文を挿入
canned-unfilled = 送信前に入力してください：{ $names }
staff-canned = 定型文
staff-canned-hint = 言語ごとの定型文です。{"{"}order_number{"}"}、{"{"}waybill_number{"}"}、{"{"}agent_name{"}"} などの変数は会話の情報から入力されます。欄を空にするとその言語の文面を削除します。
staff-canned-new = 新しい定型文
staff-canned-key = 名前（小文字の英字・数字・ハイフン）
staff-canned-save = 定型文を保存
error-reply-key-invalid = 定型文の名前に使えるのは小文字の英字・数字・ハイフン（40 文字まで）で、"greeting" は使えません。
upload-busy = アップロード中…
upload-remove = { $name } を削除
upload-photo = お客様のファイル
error-attachment-too-large = ファイルが大きすぎます（最大 10 MB）。
error-attachment-type = 写真（JPEG、PNG、GIF、WebP）または PDF を添付してください。
error-storage-quota = 現在、このサイトではこれ以上ファイルを受け付けられません。問題を文章でご説明ください。必要な場合は担当者から写真をお願いします。
texts-topics = お問い合わせの種類とフォームの項目名
texts-topic = 種類 / 項目
texts-topics-missing = { $count ->
    [0] すべての種類と項目名が翻訳済みです。
   *[other] 未翻訳の名前・項目名が { $count } 件あります。お客様には{ $fallback }で表示されます。
}
setup-title = チーム・トピック・目標時間
setup-intro = 振り分けと SLA タイマーの基になる設定です。各部分は個別に保存され、保存前に検査されます。拒否された場合は問題の箇所が示されます。
setup-part = { $part ->
    [teams] 地域チーム
    [topics] お問い合わせの種類とフォーム
    [fees] 送料計算
    [compensation] 補償の権限と為替レート
    [root_causes] 苦情の根本原因
   *[targets] SLA 目標時間
}
setup-hint = { $part ->
    [teams] 各チーム：名前、カレンダー（time_zone、shifts は day に mon～sun、start/end に HH:MM。終了が開始以前なら日付をまたぐ。closures は YYYY-MM-DD）、任意でスーパーバイザーと当番担当者のメールアドレス。記載のないチームは残ります。
    [topics] 各種類：key、言語ごとの名前、priority（urgent、routine、consultation）、complaint、fields（key、kind は text/number/date/country/reference/upload、required、labels、pattern）、チーム名とスキル。
    [fees] 料金ラインごとに：key、言語別の名前、currency（CNY・EUR・JPY などの ISO 4217 コード）、first_kg と first_price、step_kg と step_price（以降の区分ごとに加算）、任意で max_kg。価格は通貨の基本単位で（例："9.90"）。
    [compensation] reference_currency（ISO 4217。指定しなければ USD）、junior と mid: ジュニア／ミドルの担当者が単独で認められる額（その通貨で）。rates: currency、from（YYYY-MM-DD または日時）と rate（1 単位が基準通貨でいくらか、小数 6 桁まで）。レートは追加のみで変更できません。後の日時から新しいレートを追加してください。
    [root_causes] 各原因: key（小文字、数字、_ または -）と言語ごとの名前。苦情を完了するときに 1 つ選びます。空のリスト（[]）では既定の原因になります。
   *[targets] 各目標の分数（優先度別の初回応答、チャットの初回返信、次の応答、進捗報告、苦情の受付、優先度別の解決）、follow_up_working_days と warn_percent。
}
setup-save = 保存
setup-json = 一括編集（JSON）
setup-json-hint = 同じ設定を JSON で表したものです。サイト間でのコピーや多数の項目の一括編集に使えます。上のフォームとこの欄は同じデータを保存します。
setup-targets = SLA 目標
setup-targets-hint = 優先度ごとに、スタッフが返答・解決すべき期限です。時間は各チームの営業時間で計測されます。
setup-unit =
    { $unit ->
        [days] 営業日
        [pct] %
       *[min] 分
    }
setup-target-urgent-first-response = 初回返答（緊急）
setup-target-routine-first-response = 初回返答（通常）
setup-target-consultation-first-response = 初回返答（相談）
setup-target-chat-first-reply = チャットでの初回返答
setup-target-complaint-first-reply = 苦情のチャットへの最初の返信
setup-target-next-response = 後続メッセージへの返答
setup-target-progress-update = 進捗報告の間隔（最長）
setup-target-complaint-registration = 苦情の受付処理まで
setup-target-escalation-acceptance = エスカレーションを専門チームが引き受けるまで
setup-target-urgent-resolution = 解決（緊急）
setup-target-routine-resolution = 解決（通常）
setup-target-consultation-resolution = 解決（相談）
setup-target-follow-up-working-days = 解決後のフォローアップ
setup-target-warn-percent = 目標のこの割合が経過したら警告
setup-fees-hint = 各行は重量ごとの料金です。最初の区分、その後は追加区分ごとに加算され、任意で上限重量を設定できます。重量は kg、料金は通貨の主単位（例：9.90）。空の行に入力すると追加、「削除」にチェックすると削除、位置を変えると並べ替えます。
setup-fee-line = { $n } 行目
setup-fee-new = 新しい行
setup-fee-key = キー（英小文字・数字・- と _）
setup-fee-names = 名前
setup-fee-currency = 通貨（ISO コード、例：EUR）
setup-fee-first-kg = 最初の区分（kg）
setup-fee-first-price = 最初の区分の料金
setup-fee-step-kg = 追加区分（kg）
setup-fee-step-price = 追加区分ごとの料金
setup-fee-max-kg = 上限重量（kg、任意）
setup-order = 位置
setup-remove = 削除
setup-teams-hint = 各チームはそれぞれの営業時間に対応します。営業時間外と休業日は SLA の計時が止まります。空のチームに入力すると追加されます。ここでチームが削除されることはありません（会話やトピックが使っている場合があるため）。
setup-team = チーム { $n }
setup-team-new = 新しいチーム
setup-team-name = 名前
setup-team-zone = タイムゾーン（入力して検索、例：Asia/Tokyo）
setup-shifts = シフト
setup-shifts-hint = 1 行に 1 シフト。分割シフトは同じ曜日に複数行。終了が開始以前なら日付をまたぎます。空の行でシフトを追加し、「削除」にチェックすると削除されます。
setup-shift-day = 曜日
setup-shift-start = 開始
setup-shift-end = 終了
setup-closures = 休業日
setup-closure = 休業日
setup-team-supervisor = 責任者（エスカレーションを受けます）
setup-team-on-call = 当番（緊急時の対応）
setup-nobody = なし
setup-team-kept = チームを廃止するには、そのトピックを別のチームに移してください。
setup-day-mon = 月曜日
setup-day-tue = 火曜日
setup-day-wed = 水曜日
setup-day-thu = 木曜日
setup-day-fri = 金曜日
setup-day-sat = 土曜日
setup-day-sun = 日曜日
setup-topics-hint = お客様が問い合わせできる内容と、それぞれの受付フォーム（最初のメッセージの前にウィジェットが尋ねる項目）です。空のトピック（または項目）に入力すると追加、「削除」にチェックすると削除、位置を変えると並べ替えます。
setup-topic = トピック { $n }
setup-topic-new = 新しいトピック
setup-topic-key = キー（英小文字・数字・- と _）
setup-topic-names = 言語ごとの名前
setup-topic-priority = 優先度
setup-topic-team = チーム
setup-topic-skill = 振り分けに必要なスキル（任意）
setup-topic-complaint = 苦情（受付の計時とフォローアップ）
setup-field = 項目 { $n }
setup-field-new = 新しい項目
setup-field-key = キー
setup-field-kind = 種類
setup-field-labels = 言語ごとのラベル
setup-field-pattern = パターン（参照番号：値全体が一致すべき正規表現）
setup-field-example = 例（プレースホルダーとして表示）
setup-field-required = 必須
setup-kind-text = テキスト
setup-kind-number = 数値
setup-kind-date = 日付
setup-kind-country = 国
setup-kind-reference = 参照番号（注文・送り状など）
setup-kind-upload = 写真またはファイル
setup-priority-urgent = 緊急
setup-priority-routine = 通常
setup-priority-consultation = 相談
error-config-invalid = この設定は保存できません。次の箇所を確認してください：

# Issue 5: second factor, sessions, audit log
code-heading = サインインコードを入力
code-hint = 認証アプリを開いて Parley の6桁のコード、または回復コードのいずれかを入力してください。
code-label = コード
code-submit = サインイン
enrol-heading = 2段階サインイン
enrol-required = あなたの役割では2段階サインインが必須です。続けるには設定してください。
enrol-hint = 認証アプリで QR コードを読み取るかキーを入力し、表示された6桁のコードを入力してください。
enrol-qr = 認証アプリ用の QR コード
enrol-secret = キー：
enrol-submit = 有効にする
password-heading = パスワード
password-current = 現在のパスワード
password-new = 新しいパスワード
password-rules = 12 文字以上で、よく使われるパスワード・メールアドレス・名前は使えません。変更すると他のセッションは終了します。
password-submit = パスワードを変更
password-required = 続行する前に新しいパスワードを設定するよう管理者から求められています。
security-title = セキュリティ
security-totp-on = 2段階サインインは有効です。
security-totp-off = 2段階サインインは無効です。
security-recovery-left = 未使用の回復コード：残り { $count } 件
security-fresh-codes = 回復コードです。安全な場所に保管してください。各コードは1回だけ使え、表示されるのは今回のみです。
security-sessions = あなたのセッション
security-session-current = このブラウザー
security-revoke-others = ほかのすべての場所からサインアウト
security-policy = 2段階サインインのルール
security-policy-hint = 2段階サインインが必須の役割
audit-title = 監査ログ
audit-action = 操作
audit-actor = 実行者
audit-conversation = 会話
audit-from = 開始日
audit-until = 終了日
audit-apply = 絞り込む
audit-export = エクスポート（JSON）
audit-count = { $count } 件
audit-when = 日時
audit-detail = 詳細
audit-ip = アドレス
staff-unlock = ロック解除
staff-reset-totp = 2段階サインインをリセット
staff-end-sessions = すべてのセッションを終了
staff-require-password = パスワードの再設定を求める
error-password-common = このパスワードはよく使われているか、推測されやすいものです。別のものを選んでください。
error-account-locked = サインインの失敗が多すぎるため、アカウントは一時的にロックされています。後でもう一度試すか、管理者に連絡してください。
error-too-many-attempts = この場所からのサインイン失敗が多すぎます。数分お待ちください。
error-code-invalid = コードが正しくありません。現在の6桁のコードか、未使用の回復コードを入力してください。
error-csrf-invalid = このフォームは期限切れです。ページを再読み込みしてもう一度お試しください。
error-conversation-forbidden = この会話にアクセスする権限がありません。
error-read-only = この会話は閲覧のみ可能です。

# Issue 5: personal data, consent, retention, identity
contact-field = { $field ->
    [email] メールアドレス
    [phone] 電話番号
    [address] 住所
   *[name] お名前
}
contact-heading = お客様
contact-none = 連絡先の提供はありません。
contact-verified = サイトにログイン中のユーザー：{ $user }
contact-consent = 同意日時：
customer-export = お客様データをエクスポート（JSON）
customer-erase-confirm = お客様からデータ削除の依頼があったことを確認しました
customer-erase = お客様データを削除
contact-offer = 連絡先を残す
contact-update = 連絡先を更新する
contact-saved = 連絡先を保存しました。
contact-notice = お名前・メールアドレス・電話番号・住所は、ご返信とご依頼の対応のためにのみお預かりします。暗号化して保存し、担当スタッフのみが閲覧でき、対応完了から { $days } 日後に削除します。
contact-consent-label = この目的で連絡先が利用されることに同意します。
contact-submit = 保存する
contact-cancel = キャンセル
privacy-heading = プライバシー：{ $site }
privacy-retention = 個人データの保存期間（対応完了後の日数）
privacy-retention-hint = 期間後、連絡先・メッセージ本文・フォームの回答・ファイルを破棄し、破棄の記録のみ残します。
privacy-identity-required = サイトにログインしたユーザーのみチャット可能（本人確認必須）
privacy-identity-hint = バックエンドでユーザー ID をこのシークレットで署名（HMAC-SHA256、16進）し、data-user-id と並べて data-user-hash に設定します。
privacy-identity-secret = 本人確認シークレット：
privacy-new-secret = 新しいシークレットを生成（古いものは無効になります）
error-consent-required = 送信する前に同意のチェックを入れてください。
error-contact-invalid = この項目を確認してください。
error-identity-invalid = 本人確認ができませんでした。サイトにもう一度ログインしてください。
error-rating-invalid = 星を1～5つの中から選んでください。
error-already-rated = この会話はすでに評価済みです。ありがとうございました。

# Issue 5: break-glass access
access-heading = アクセス申請
access-reason-label = 会話 #{ $id } を閲覧する必要がある理由は？スーパーバイザーが判断します。閲覧のみ・期限付きで、記録されます。
access-request = 閲覧のみのアクセスを申請
access-pending = 会話 #{ $id } への申請はスーパーバイザーの判断待ちです。
access-approved = 会話 #{ $id } の閲覧のみのアクセス（期限）
access-denied = 会話 #{ $id } への申請は却下されました。
access-open = 開く
access-asks = { $agent } が会話 #{ $id } の閲覧を申請しています：
access-duration = 期間
access-minutes = { $minutes } 分
access-approve = 承認
access-deny = 却下
read-only-banner = 閲覧のみのアクセス（緊急アクセス・記録あり）期限
staff-sites = サイト（キーをカンマ区切り、空欄：すべて）

## 補償（issue 18）
notice-compensation-granted = { $kind ->
    [refund] { $amount } を返金いたします。
    [coupon] { $amount } 分のクーポンをお送りします。
    [reshipment] ご注文の品を再送いたします（{ $amount } 相当）。
   *[other] { $amount } 相当の補償をお受け取りいただけます。
}
notice-compensation-refused = 申し訳ございません。{ $amount } の補償は承認されませんでした。担当者が今後の対応をご説明します。
compensation-heading = 補償
compensation-kind = { $kind ->
    [refund] 返金
    [coupon] クーポン
    [reshipment] 再送
   *[other] その他
}
compensation-kind-label = 種類
compensation-amount = 金額
compensation-currency = 通貨（ISO コード）
compensation-reason = 理由
compensation-major-label = 重大な苦情（高額請求またはブランドリスク）: 経営層が判断
compensation-limit = { $amount } までは単独で認められます。それを超えるとスーパーバイザーの承認が必要です。
compensation-no-limit = 重大な苦情を除き、どの金額も単独で認められます。
compensation-propose = 補償を提案
compensation-reference = （= { $amount }）
compensation-major = 重大な苦情
compensation-proposed = 提案者: { $who }
compensation-decided = { $outcome ->
    [granted] { $who } が付与: { $amount }
    [approved] { $who } が承認: { $amount }
    [reduced] { $who } が { $amount } に減額
   *[refused] { $who } が却下
}
compensation-waiting = { $stage ->
    [supervisors] スーパーバイザーの判断待ち
    [on_call] オンコール担当者の判断待ち
   *[management] 経営層の判断待ち
}、{ $left }
compensation-decide-reason = 理由（減額・却下の場合は必須）
compensation-reduce-to = 減額後の金額（{ $currency }）
compensation-approve = 承認
compensation-reduce = 減額
compensation-refuse = 却下
compensation-approvals = あなたの判断を待つ補償
case-escalate = このチームの専門担当へエスカレーション（1 時間以内に引き受け、お客様に通知）
case-complex = 複雑な問い合わせ: 30 分ごとにお客様へ進捗を連絡
notice-escalated = { $owner ->
    [none] お問い合わせは { $team } の専門チームが担当します。
   *[other] お問い合わせは { $team } の専門チームの { $owner } が担当します。
}
notice-escalated-by = { $time } までにご連絡します。

## 苦情台帳（issue 18）
complaints-title = 苦情
analysis-title = 月次苦情分析
complaint-heading = 苦情
complaint-step = { $step ->
    [raised] 受付
    [registered] 登録済み
    [investigated] 調査済み
    [resolved] 解決済み
    [answered] 回答済み
   *[closed] 完了
}
complaint-clock = { $clock ->
    [registration] 登録（1 営業時間）
    [investigation] 調査（2 営業日）
    [answer] お客様への回答（1 営業日）
   *[follow_up] フォローアップ（3 営業日）
}
complaint-standing = { $standing ->
    [met] 期限内
    [breached] 遅延
    [overdue] 期限超過
    [due_soon] まもなく期限
   *[running] 進行中
}
complaint-owner = 担当: { $name }
complaint-open = 苦情台帳で開く
complaint-summary = 苦情の内容
complaint-major = 重大（高額請求またはブランドリスク）
complaint-raise = 苦情として登録
complaint-alert = { $breached ->
    [true] 苦情 #{ $id }: { $clock } が期限超過です
   *[other] 苦情 #{ $id }: { $clock } の期限が近づいています
}
complaint-case = 苦情 #{ $id }
complaint-result = 結果
complaint-cause = 根本原因
complaint-note = メモ（任意）
complaint-history = 履歴
complaint-history-line = { $action ->
    [raised] 受付
    [registered] 登録
    [investigated] 調査済み
    [resolved] 解決
    [answered] 回答
    [closed] フォローアップして完了
    [linked] 会話を関連付け
   *[owner] 担当または重大度を変更
} { $who }
complaint-take-step = { $step ->
    [registered] 登録して担当する
    [investigated] 調査済みにする
    [resolved] 解決済みにする
    [answered] 回答済みにする
   *[closed] フォローアップ済みで完了
}
complaint-severity = { $severity ->
    [major] 重大
   *[ordinary] 通常
}
complaint-root-cause = { $key ->
    [carrier_delay] 配送業者の遅延
    [damaged_in_transit] 輸送中の破損
    [lost_parcel] 荷物の紛失
    [wrong_item] 誤った商品
    [product_defect] 製品の欠陥
    [customs] 税関
    [billing_error] 請求の誤り
    [staff_conduct] スタッフの対応
    [website_error] ウェブサイトの不具合
   *[other] その他
}
complaints-all = すべて
complaints-site = サイト
complaints-state = 状態
complaints-state-option = { $state ->
    [open] 未完了
    [closed] 完了
    [raised] 受付
    [registered] 登録済み
    [investigated] 調査済み
    [resolved] 解決済み
   *[answered] 回答済み
}
complaints-overdue = 期限超過のみ
complaints-category = トピック
complaints-owner = 担当者
complaints-severity = 重大度
complaints-raised = 受付日時
complaints-customer = お客様
complaints-clocks = 期限
complaints-clock = 期限
complaints-due = 期日
complaints-done = 完了日時
complaints-standing = 状況
complaints-export = CSV をダウンロード
complaints-no-topic = トピックなし
complaints-outcome = { $outcome ->
    [granted] 付与
    [approved] 承認
    [reduced] 減額
    [refused] 却下
   *[waiting] 承認待ち
}
analysis-month = 月
analysis-compensation-export = 補償台帳（CSV）
analysis-share = { $conversations } 件の会話のうち苦情 { $complaints } 件: { $share }（目標: 5 % 以下）
analysis-by-category = トピック別の苦情
analysis-by-root-cause = 根本原因別の苦情
analysis-on-time = 期限内に対応した割合
analysis-compensation = 種類別の補償額
analysis-trend = 過去 12 か月の苦情件数
complaint-linked = 関連する会話
complaint-link = このお客様の別の会話
complaint-link-save = この苦情に関連付ける

## API keys (issue 19)
api-keys-title = API キー
api-keys-intro = バックエンドが Authorization: Bearer として送り、/api/v1 でこのサイトのデータを読み書きするためのキーです。キーは作成時に一度だけ表示され、Parley はハッシュのみを保存します。
api-key-name = 名前
api-key-scope = 範囲
api-key-scope-option = { $scope ->
    [write] 読み取りと書き込み
   *[read] 読み取りのみ
}
api-key-create = キーを作成
api-key-created = このキーを今コピーしてください。再表示されません。
api-key-prefix = 先頭
api-key-last-used = 最終使用
api-key-never = 未使用
api-key-state = 状態
api-key-revoke = 失効させる
api-key-revoked = キーを失効させました。以後このキーでの要求は拒否されます。
api-key-revoked-at = 失効

api-docs-json = OpenAPI 3.1 ドキュメント（JSON）
api-docs-operations = 操作
api-docs-types = 型
api-docs-parameters = パラメーター
api-docs-name = 名前
api-docs-in = 場所
api-docs-type = 型
api-docs-description = 説明
api-docs-required = 必須
api-docs-body = リクエスト本文
api-docs-responses = レスポンス
api-docs-reference = API リファレンス

webhooks-title = Webhook
webhooks-intro = このサイトで何かが起きると、Parley はバックエンドのこれらのアドレスを呼び出します。各配信は JSON の POST で、エンドポイントのシークレットで Parley-Signature ヘッダーに署名されています（t=時刻,v1="時刻.本文" の HMAC-SHA256）。署名を確認し、2xx ステータスで応答してください。失敗した配信は 24 時間再試行されます。
webhooks-url = エンドポイント URL
webhooks-events = イベント
webhooks-add = エンドポイントを追加
webhooks-none = エンドポイントはまだありません。
webhooks-secret = 署名シークレット
webhooks-failing = 配信が 1 日失敗し続けたため停止中（開始時刻）
webhooks-healthy = 配信は届いています。
webhooks-remove = 削除
webhooks-log = 最近の配信
webhooks-event = イベント
webhooks-when = 日時
webhooks-attempts = 試行回数
webhooks-answer = 応答
webhooks-redeliver = 再送信
webhooks-state = { $state ->
    [delivered] 配信済み
    [given-up] 停止
   *[pending] 再試行待ち
}
webhooks-done = { $what ->
    [added] エンドポイントを追加しました。
    [removed] エンドポイントを削除しました。
   *[redelivered] 配信を再送信します。
}
lookup-title = 注文照会（注文を追跡）
lookup-intro = お客様がウィジェットで注文を追跡するとき、またはエージェントがケースパネルで照会するとき、Parley は注文番号、お客様のユーザー ID（または入力されたメールアドレスか郵便番号）、言語を JSON で Webhook と同じ方法で署名してこのアドレスに送信し、応答の各ステップを表示します。空欄にすると追跡をオフにします。
lookup-save = 注文照会を保存
track-title = 注文を追跡
track-order = 注文番号または送り状番号
track-contact = 注文時のメールアドレスまたは郵便番号
track-submit = 追跡する
track-order-is = 注文 { $order }
track-eta = お届け予定：{ $when }
track-step = { $kind ->
    [accepted] 注文受付
    [in_transit] 輸送中
    [customs] 通関中
    [out_for_delivery] 配達中
    [delivered] 配達完了
    [exception] 保留中
   *[returned] 差出人へ返送中
}

## Help centre (issue 20)
help-files = ダウンロード
help-title = ヘルプセンター
help-search-label = ヘルプセンターを検索
help-search-button = 検索
help-results = 「{ $query }」の検索結果
help-no-results = 該当する記事がありません。別の言葉で検索するか、チャットでお問い合わせください。
help-back = すべての記事
help-other-articles = その他の記事
help-shown-in = この記事はまだお使いの言語で書かれていないため、{ $language }で表示しています。
help-languages = 他の言語

## Knowledge base at the desk (issue 20)
kb-suggest = 記事
kb-suggest-search = 記事を検索
kb-suggest-none = 該当する記事がありません。別の言葉で検索してください。
kb-insert-link = リンクを挿入
kb-insert-text = 本文を挿入
kb-files = ファイル
kb-file-add = ファイルを添付（PDFまたは画像、10MBまで）
kb-file-remove = 削除
kb-uploading = アップロード中…
kb-title = ナレッジベース
kb-intro = お客様がウィジェット、ヘルプセンター、ボットの回答で見る記事です。言語ごとに1つの版があります。変更はすぐに反映されます。
kb-new = 新しい記事
kb-edit = 記事を編集
kb-articles = 記事
kb-none = 記事はまだありません。
kb-slug = アドレス（a–z、0–9、ハイフン）
kb-collection = カテゴリ
kb-no-collection = カテゴリなし
kb-locale = 言語
kb-article-title = タイトル
kb-body = 本文
kb-body-hint = 空行で新しい段落になります。「- 」で始まる行は箇条書きになります。
kb-published = 公開（お客様に表示）
kb-save = 保存
kb-preview = プレビュー
kb-history = 履歴
kb-remove = 記事を削除
kb-saved = 保存しました。変更はすでにお客様に表示されています。
kb-removed = 記事を削除しました。
kb-views = 閲覧
kb-helpful = 役に立った
kb-not-helpful = 役に立たなかった
kb-offered = ボットの回答
kb-help-centre-link = ヘルプセンターを開く
kb-figures = 過去30日：ボットだけで解決した会話 { $alone } 件、担当者に引き継いだ会話 { $handed } 件。
kb-fallback-note = { $language }版はまだありません。{ $language }のお客様には{ $fallback }版が表示されます。
kb-state = { $state ->
    [live] 公開
    [draft] 下書き
   *[missing] なし
}
kb-action = { $action ->
    [published] 公開
    [unpublished] 下書きに戻す
    [file_added] ファイル添付
    [file_removed] ファイル削除
    [moved] アドレス・カテゴリ設定
    [removed] 削除
   *[saved] 保存
}

## The bot (issue 20)
bot-name = アシスタント
bot-answer = こちらの記事でご質問にお答えできるかもしれません：
bot-answer-more = 解決しない場合は「担当者と話す」を選ぶか、別の言葉でお尋ねください。
bot-fetching = 担当者におつなぎします。スタッフがこちらでお返事します。
bot-no-answer = ヘルプセンターに該当する回答が見つからなかったため、担当者におつなぎします。スタッフがこちらでお返事します。
help-vote-question = この記事は役に立ちましたか？
help-vote-yes = はい
help-vote-no = いいえ
help-vote-thanks = ご意見ありがとうございます。
help-talk-to-person = 担当者と話す
kb-bot-label = ボットがこれらの記事でお客様に回答する
kb-bot-hint = 回答に確信があるときは記事を送り、そうでないときや求められたときは会話を担当者に引き継ぎます。期限の計測はそこから始まります。オフにすると、対応中の会話をすべて引き継ぎます。
kb-bot-save = 保存
kb-bot-on = ボットはオンです。
kb-bot-off = ボットはオフです。対応中だった会話はキューに入りました。
case-bot = ボット
case-bot-holding = ボットが対応中です。引き継ぐまで期限は計測されません。
case-bot-handed = ボットが { $time } に引き継ぎました。
case-bot-answered = ボットが回答しました。
case-bot-verdict = { $verdict ->
    [yes] 役に立った
    [no] 役に立たなかった
   *[none] 未回答
}
widget-help = ヘルプ
widget-help-close = ヘルプを閉じる
widget-talk-to-person = 担当者と話す
widget-read-article = 記事を読む

reports-title = サービスレポート
report-from = 開始日
report-until = 終了日
report-tz = タイムゾーン
report-by = 内訳
report-period = 推移の単位
report-dimension = { $by ->
    [agent] 担当者
    [team] チーム
    [region] お客様の地域
    [language] 言語
    [category] トピック
   *[priority] 優先度
}
report-period-name = { $period ->
    [day] 日
    [week] 週
   *[month] 月
}
report-metric = { $metric ->
    [conversations] 会話数
    [response_rate] 応答率
    [on_time_first_response] 期限内の初回応答
    [resolution_rate] 解決率
    [first_contact_resolution] 初回接触での解決
    [first_response_mean] 平均初回応答時間
    [first_response_p90] 初回応答時間（90パーセンタイル）
    [csat] 満足度（CSAT）
    [ratings] 評価数
    [complaint_rate] 苦情率
    [complaint_resolution_time] 苦情の解決時間
    [follow_up_completion] 期限内のフォローアップ
   *[qa_score] 品質レビューの得点
}
report-verdict = { $met ->
    [yes] 目標達成
   *[no] 目標未達
}（{ $metric ->
    [on_time_first_response] 95 % 以上
    [resolution_rate] 90 % 以上
    [csat] 4.5 以上
    [complaint_rate] 5 % 以下
   *[complaint_resolution_time] 24 時間以内
}）
report-none = { $by ->
    [agent] 未割り当て
    [team] チームなし
    [region] 地域不明
    [language] 言語不明
    [category] トピックなし
   *[priority] なし
}
report-region = { $area ->
    [Europe] ヨーロッパ
    [Asia] アジア
    [America] 南北アメリカ
    [Africa] アフリカ
    [Australia] オーストラリア
    [Pacific] 太平洋
    [Atlantic] 大西洋
    [Indian] インド洋
   *[Antarctica] 南極
}
report-total = すべての会話
report-scope-site = サイト全体
report-scope-teams = あなたのチームと共通キュー
report-in-zone = 日付は { $tz } 基準
report-export = { $table ->
    [slices] 内訳の表をダウンロード（CSV）
   *[trend] 推移の表をダウンロード（CSV）
}
report-trend-title = { $period ->
    [day] 日ごとの推移
    [week] 週ごとの推移
   *[month] 月ごとの推移
}
report-slices-title = { $by }別
report-chart-title = { $by }別の{ $metric }
report-table-title = { $by }別のすべての数値
chart-summary = { $count } 行。最高: { $high }（{ $high_value }）、最低: { $low }（{ $low_value }）。
chart-empty = この期間に表示するものはありません。
report-audit-title = 監査ログの月次確認
report-audit-owed = { $count ->
    [0] 終了した月の監査ログはすべて確認済みです。
   *[other] 未確認の監査ログが { $count } か月分あります。
}
report-audit-open = { $month } の監査ログ
report-audit-note = 確認した内容と結果
report-audit-mark = 確認済みにする
report-audit-reviewed = { $month }：{ $name } が確認済み
report-audit-done = { $month } を確認済みにしました。

qa-title = 品質レビュー
qa-done = { $done ->
    [drawn] 今週のサンプルを抽出しました。
    [added] 会話をサンプルに追加しました。
    [reviewed] 評価を保存しました。
   *[sheet] 評価シートを保存しました。
}
qa-week-label = 週の任意の日
qa-week-title = { $from } 〜 { $until } の週（{ $tz }）
qa-previous = 前の週
qa-next = 次の週
qa-counts = 今週完了した会話 { $closed } 件、サンプル { $sampled } 件。
qa-drawn = シード { $seed } で抽出：
qa-drawn-early = （週の途中で抽出。残りは週の終わりに抽出されます）
qa-not-drawn = まだ抽出されていません。週の終わりに抽出されます。ボタンで今すぐ抽出することもできます。
qa-not-drawn-ended = まだ抽出されていません。数分以内に抽出されます。ボタンで今すぐ抽出することもできます。
qa-draw = 今すぐサンプルを抽出
qa-sample-title = サンプル
qa-sample-none = サンプルはありません。
qa-conversation = 会話 { $id }（{ $agent }）
qa-added-by = { $name } が追加
qa-drawn-by-lot = 抽出
qa-own = この会話はあなたが対応したため、別の人が評価します。
qa-criterion = { $key ->
    [greeting] 挨拶
    [accuracy] 正確さ
    [compliance] 規定の遵守
    [tone] 言葉遣い
    [resolution] 解決
   *[other] { $key }
}
qa-criterion-weighted = { $criterion }（重み { $weight }）
qa-points-choose = 選択
qa-points-option = { $points ->
    [4] 4 — 非常に良い
    [3] 3 — 良い
    [2] 2 — 普通
    [1] 1 — 不十分
   *[0] 0 — なし
}
qa-points = { $criterion }：4 点中 { $points } 点（重み { $weight }）
qa-comment = 担当者へのコメント
qa-review-save = 評価を保存
qa-reviewed-by = { $agent } の会話 { $conversation }、評価者 { $name }
qa-unsampled-title = 今週完了し、サンプルにない会話
qa-add = サンプルに追加
qa-add-label = 会話 { $conversation } をサンプルに追加
qa-sheet-title = 評価シート
qa-sheet-help = 各項目は 0〜4 点で評価します。重みの合計は 100 にしてください。項目名は英小文字と下線を使います。
qa-sheet-key = 項目
qa-sheet-weight = 重み
qa-sheet-key-row = 項目 { $row }
qa-sheet-weight-row = 項目 { $row } の重み
qa-sheet-save = シートを保存
qa-mine-title = 自分の会話の評価
qa-mine-none = あなたの会話はまだ評価されていません。

library-title = 事例ライブラリ
library-similar = 似た事例
library-search = 事例ライブラリを検索
library-search-button = 検索
library-none = 事例は見つかりませんでした。
library-rating = 評価 { $score } / 5
library-added-by = 追加：{ $name }
library-demand = お客様の要望
library-solution = 解決方法
library-in = この案件は事例ライブラリにあります。
library-add-title = この案件をライブラリに追加
library-add-help = 同僚が再利用できるように書いてください。お客様の名前、連絡先、カード番号は取り除かれます。
library-add = ライブラリに追加
library-removed = 事例をライブラリから外しました。
library-remove = ライブラリから外す
library-remove-label = 事例 { $case } をライブラリから外す

## E-mail (issue 22): the mails customers receive, the unsubscribe page.
mail-subject-reply = { $site } から新しい返信があります
mail-subject-transcript = { $site } との会話
mail-new-reply = { $site } からメッセージへの返信です：
mail-transcript = { $site } との会話の記録です：
mail-earlier = これまでの会話
mail-you = あなた
mail-answer-hint = このメールに返信すると、そのまま会話に届きます。
mail-continue = { $site } のチャットで続ける
mail-unsubscribe = この会話についてのメールを停止する
mail-unsubscribe-title = この会話についてのメール
mail-unsubscribe-confirm = この会話についてのメールを今後送らない
mail-unsubscribed = この会話についてのメールは今後届きません。
setup-target-email-first-reply = メールへの最初の返信
message-by-email = メールで受信
channel-email = メール
channel-chat = チャット
inbox-filter-channel = チャネル
case-mail = メール
case-mail-began = { $channel ->
    [email] この会話はメールから始まりました。
   *[other] この会話はチャットから始まりました。
}
case-mail-reachable = お客様がチャットで見逃した返信はメールで送られます。
case-mail-unreachable = お客様はメールアドレスを残していません。
case-mail-unsubscribed = お客様はこの会話のメールを停止しました。
case-mail-kind = { $kind ->
    [transcript] 会話記録
   *[other] 返信
}
case-mail-state = { $state ->
    [sent] 送信済み
    [retrying] 未送信（{ $attempts } 回試行）
    [given_up] 送信を断念
   *[other] 送信待ち
}
case-mail-transcript = 会話記録をお客様にメールで送る
case-mail-files = お客様がメールで送ったファイル
case-mail-file = { $name } · { $kb } KB · メッセージ { $seq } に添付
