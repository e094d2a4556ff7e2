/// The HTML of every page, as Mustache templates compiled once at start-up. Variables are
/// HTML-escaped by default; nothing here uses the unescaped forms. Pages share the `head` and
/// `foot` partials and the field partials, so every form field is marked up the same way
/// (label, hint, error message, value kept).
enum PageTemplates {
    static let sources: [String: String] = [
        "head": head, "foot": foot, "error_summary": errorSummary,
        "text_field": textField, "textarea_field": textareaField, "select_field": selectField,
        "choice_group_field": choiceGroupField, "checkbox_field": checkboxField,
        "contact": contact, "complaint_form": complaintForm, "receipt": receipt,
        "status_form": statusForm, "status": status, "message": message,
        "models": models,
        "documentation_request_form": documentationRequestForm,
    ]

    static let head = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{#has_errors}}Error: {{/has_errors}}{{title}} – {{provider}}</title>
        <link rel="stylesheet" href="/style.css">
        <link rel="alternate" type="application/atom+xml" title="Web crawlers of {{provider}}" href="/crawlers.atom">
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
        <p class="site-name"><a href="/">{{provider}}</a></p>
        <nav aria-label="Main">
        <ul>
        <li><a href="/complaints/new">Make a copyright complaint</a></li>
        <li><a href="/documentation-requests/new">Request model documentation</a></li>
        <li><a href="/status">Check a complaint</a></li>
        </ul>
        </nav>
        </header>
        <main id="main">

        """

    static let foot = """
        </main>
        <footer class="site-footer">
        <p><a href="/#contact">Contact points</a> · <a href="/crawlers.atom">Crawler feed (Atom)</a> · <a href="/api/v1/contact">Contact information as JSON</a></p>
        </footer>
        </body>
        </html>

        """

    static let errorSummary = """
        {{#has_errors}}
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
        <h2 id="error-summary-title">There is a problem</h2>
        <ul>
        {{#errors}}
        <li><a href="#{{anchor}}">{{message}}</a></li>
        {{/errors}}
        </ul>
        </div>
        {{/has_errors}}

        """

    static let textField = """
        <div class="form-group{{#error}} form-group-error{{/error}}">
        <label for="{{id}}">{{label}}</label>
        {{#hint}}<p class="hint" id="{{id}}-hint">{{hint}}</p>{{/hint}}
        {{#error}}<p class="error-message" id="{{id}}-error"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
        <input class="input" id="{{id}}" name="{{name}}" type="{{type}}" value="{{value}}"{{#autocomplete}} autocomplete="{{autocomplete}}"{{/autocomplete}}{{#required}} aria-required="true"{{/required}}{{#described_by}} aria-describedby="{{described_by}}"{{/described_by}}{{#error}} aria-invalid="true"{{/error}}>
        </div>

        """

    static let textareaField = """
        <div class="form-group{{#error}} form-group-error{{/error}}">
        <label for="{{id}}">{{label}}</label>
        {{#hint}}<p class="hint" id="{{id}}-hint">{{hint}}</p>{{/hint}}
        {{#error}}<p class="error-message" id="{{id}}-error"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
        <textarea class="textarea" id="{{id}}" name="{{name}}" rows="{{rows}}"{{#required}} aria-required="true"{{/required}}{{#described_by}} aria-describedby="{{described_by}}"{{/described_by}}{{#error}} aria-invalid="true"{{/error}}>{{value}}</textarea>
        </div>

        """

    static let selectField = """
        <div class="form-group{{#error}} form-group-error{{/error}}">
        <label for="{{id}}">{{label}}</label>
        {{#hint}}<p class="hint" id="{{id}}-hint">{{hint}}</p>{{/hint}}
        {{#error}}<p class="error-message" id="{{id}}-error"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
        <select class="select" id="{{id}}" name="{{name}}"{{#described_by}} aria-describedby="{{described_by}}"{{/described_by}}{{#error}} aria-invalid="true"{{/error}}>
        {{#options}}
        <option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
        {{/options}}
        </select>
        </div>

        """

    /// A group of radios or of checkboxes (`kind`: "radio" or "checkbox") in a fieldset.
    static let choiceGroupField = """
        <div class="form-group{{#error}} form-group-error{{/error}}">
        <fieldset class="fieldset"{{#described_by}} aria-describedby="{{described_by}}"{{/described_by}}>
        <legend>{{label}}</legend>
        {{#hint}}<p class="hint" id="{{id}}-hint">{{hint}}</p>{{/hint}}
        {{#error}}<p class="error-message" id="{{id}}-error"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
        {{#options}}
        <div class="{{kind}}">
        <input id="{{id}}" name="{{name}}" type="{{kind}}" value="{{value}}"{{#selected}} checked{{/selected}}>
        <label for="{{id}}">{{label}}</label>
        </div>
        {{/options}}
        </fieldset>
        </div>

        """

    static let checkboxField = """
        <div class="form-group{{#error}} form-group-error{{/error}}">
        {{#error}}<p class="error-message" id="{{id}}-error"><span class="visually-hidden">Error:</span> {{error}}</p>{{/error}}
        <div class="checkbox">
        <input id="{{id}}" name="{{name}}" type="checkbox" value="yes"{{#checked}} checked{{/checked}}{{#error}} aria-invalid="true" aria-describedby="{{id}}-error"{{/error}}>
        <label for="{{id}}">{{label}}</label>
        </div>
        </div>

        """

    static let contact = """
        {{> head}}
        <h1>{{provider}}: copyright and model documentation contact point</h1>
        <p class="lead">{{provider}} provides general-purpose AI models in the European Union and follows the EU General-Purpose AI Code of Practice. This page is its public contact point.</p>

        <h2 id="rightsholders">For rightsholders</h2>
        <p>If you hold rights in a work, represent a rightsholder, or are a collective management organisation, you can tell us that our collection of content or our models do not respect your rights.</p>
        <p><a class="button" href="/complaints/new">Make a copyright complaint</a></p>
        <p>We acknowledge a complaint within {{acknowledge_days}} days and answer it within {{respond_days}} days ({{day_unit}}, ending at midnight {{timezone}}; the time we wait for your answers to our questions does not count). After you complain you get a reference and a status code to <a href="/status">check your complaint</a>.</p>

        <h2 id="downstream-providers">For providers of AI systems</h2>
        <p>If you integrate one of our models into your own AI system, you can request the documentation AI Act Annex XII gives you, and ask for additional information you need. We answer within 14 days.</p>
        <p><a class="button" href="/documentation-requests/new">Request model documentation</a></p>

        <h2 id="contact">Points of contact</h2>
        <dl class="contacts">
        <dt>Copyright point of contact</dt>
        <dd><a href="mailto:{{rightsholder_email}}">{{rightsholder_email}}</a>{{#rightsholder_postal}}<br>{{rightsholder_postal}}{{/rightsholder_postal}}</dd>
        <dt>Downstream providers requesting model documentation</dt>
        <dd><a href="mailto:{{downstream_email}}">{{downstream_email}}</a><br><a href="/documentation-requests/new">Request model documentation with the form</a></dd>
        <dt>The AI Office and national authorities</dt>
        <dd><a href="mailto:{{ai_office_email}}">{{ai_office_email}}</a></dd>
        </dl>

        <h2 id="policies">Policies</h2>
        <ul>
        <li><a href="{{copyright_policy}}">Copyright policy summary</a></li>
        <li><a href="{{acceptable_use_policy}}">Acceptable use policy</a></li>
        </ul>

        <h2 id="models">Models</h2>
        <ul>
        {{#models}}
        <li><strong>{{name}}</strong>{{#description}}: {{description}}{{/description}}</li>
        {{/models}}
        </ul>
        <p><a href="/models">The published documentation of our models</a></p>

        <h2 id="crawlers">Our web crawlers</h2>
        <p>Last updated {{crawlers_updated_on}}. Follow changes with the <a href="/crawlers.atom">crawler feed (Atom)</a>.</p>
        {{#crawlers}}
        <section class="crawler" aria-labelledby="crawler-{{user_agent}}">
        <h3 id="crawler-{{user_agent}}">{{user_agent}}</h3>
        <dl>
        <dt>Purpose</dt><dd>{{purpose}}</dd>
        <dt>robots.txt</dt><dd>Honours {{robots_txt}}</dd>
        <dt>Other opt-outs honoured</dt><dd>{{other_opt_outs}}</dd>
        <dt>In use since</dt><dd>{{since}}</dd>
        </dl>
        </section>
        {{/crawlers}}
        {{> foot}}
        """

    static let complaintForm = """
        {{> head}}
        {{> error_summary}}
        <h1>Make a copyright complaint</h1>
        <p>Use this form if you believe {{provider}} collected or used your work against your rights, or that one of its models reproduces it. Fields are required unless marked optional.</p>
        {{#files_dropped}}<p class="notice">Your files were not kept. Attach them again before you send the complaint.</p>{{/files_dropped}}
        <form method="post" action="/complaints" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="form_token" value="{{form_token}}">
        <div class="honeypot" aria-hidden="true"><label for="website">Leave this field empty</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>

        <h2>About you</h2>
        {{#role}}{{> choice_group_field}}{{/role}}
        {{#name}}{{> text_field}}{{/name}}
        {{#organisation}}{{> text_field}}{{/organisation}}
        {{#email}}{{> text_field}}{{/email}}
        {{#country}}{{> select_field}}{{/country}}

        <h2>The rightsholder you act for</h2>
        <p class="hint">Only if you are a representative or a collective management organisation.</p>
        {{#rightsholder_name}}{{> text_field}}{{/rightsholder_name}}
        {{#mandate}}{{> textarea_field}}{{/mandate}}

        <h2>The works</h2>
        {{#works}}
        <fieldset class="fieldset work">
        <legend>Work {{number}}</legend>
        {{#title}}{{> text_field}}{{/title}}
        {{#type}}{{> select_field}}{{/type}}
        {{#identifier}}{{> text_field}}{{/identifier}}
        {{#location}}{{> text_field}}{{/location}}
        {{#reservation}}{{> select_field}}{{/reservation}}
        </fieldset>
        {{/works}}
        {{#can_add_work}}<p><button class="button secondary" type="submit" name="action" value="add_work">Add another work</button></p>{{/can_add_work}}

        <h2>Your complaint</h2>
        {{#category}}{{> choice_group_field}}{{/category}}
        {{#model}}{{> select_field}}{{/model}}
        {{#description}}{{> textarea_field}}{{/description}}
        {{#evidence_urls}}{{> textarea_field}}{{/evidence_urls}}
        {{#observed_on}}{{> text_field}}{{/observed_on}}
        <div class="form-group{{#files_error}} form-group-error{{/files_error}}">
        <label for="files">Evidence files (optional)</label>
        <p class="hint" id="files-hint">Up to 5 files of at most 10 MB each: PDF, PNG, JPEG, plain text or CSV.</p>
        {{#files_error}}<p class="error-message" id="files-error"><span class="visually-hidden">Error:</span> {{files_error}}</p>{{/files_error}}
        <input class="file" id="files" name="files" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.txt,.csv" aria-describedby="files-hint">
        </div>

        <h2>Declarations</h2>
        {{#good_faith}}{{> checkbox_field}}{{/good_faith}}
        {{#accurate}}{{> checkbox_field}}{{/accurate}}

        <p><button class="button" type="submit">Send complaint</button></p>
        </form>
        {{> foot}}
        """

    static let receipt = """
        {{> head}}
        <div class="panel" role="status">
        <h1>{{title}}</h1>
        <p>Your reference<br><strong class="reference">{{reference}}</strong></p>
        </div>
        <p>We received your {{#noun}}{{noun}}{{/noun}}{{^noun}}complaint{{/noun}} on {{received_at}}.</p>
        <ul>
        {{#acknowledge_by}}<li>We will acknowledge it by <strong>{{acknowledge_by}}</strong>.</li>{{/acknowledge_by}}
        <li>We will answer it by <strong>{{respond_by}}</strong>.</li>
        </ul>
        <h2>Your status code</h2>
        <p>Keep this code with your reference. You need both to <a href="/status">check your {{#noun}}{{noun}}{{/noun}}{{^noun}}complaint{{/noun}}</a>. It is shown only once: we keep only a fingerprint of it and cannot show it again.</p>
        <p class="token"><code id="status-token">{{status_token}}</code></p>
        <p><a href="/">Back to the contact point</a></p>
        {{> foot}}
        """

    static let documentationRequestForm = """
        {{> head}}
        {{> error_summary}}
        <h1>Request model documentation</h1>
        <p>Use this form if you integrate a model of {{provider}} into your own AI system and need the information of AI Act Annex XII, or additional information, to do so. We answer within 14 days. Fields are required unless marked optional.</p>
        <form method="post" action="/documentation-requests" novalidate>
        <input type="hidden" name="form_token" value="{{form_token}}">
        <div class="honeypot" aria-hidden="true"><label for="website">Leave this field empty</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>

        <h2>Your organisation</h2>
        {{#organisation_name}}{{> text_field}}{{/organisation_name}}
        {{#country}}{{> select_field}}{{/country}}

        <h2>The contact person</h2>
        {{#contact_name}}{{> text_field}}{{/contact_name}}
        {{#contact_email}}{{> text_field}}{{/contact_email}}

        <h2>Your AI system</h2>
        {{#system_name}}{{> text_field}}{{/system_name}}
        {{#purpose}}{{> textarea_field}}{{/purpose}}
        {{#high_risk}}{{> choice_group_field}}{{/high_risk}}

        <h2>The model</h2>
        {{#model}}{{> select_field}}{{/model}}
        {{#model_version}}{{> text_field}}{{/model_version}}

        <h2>What you need</h2>
        {{#items}}{{> choice_group_field}}{{/items}}
        {{#question}}{{> textarea_field}}{{/question}}

        <h2>Confidentiality</h2>
        <p>The documentation is given to you so that you can understand the model and meet your own obligations. The AI Act requires you to keep it confidential and to protect the provider's intellectual property and trade secrets (Articles 53(7) and 78).</p>
        {{#undertaking}}{{> checkbox_field}}{{/undertaking}}

        <p><button class="button" type="submit">Send request</button></p>
        </form>
        {{> foot}}
        """

    static let statusForm = """
        {{> head}}
        {{> error_summary}}
        <h1>Check a complaint</h1>
        <form method="post" action="/status" novalidate>
        <input type="hidden" name="form_token" value="{{form_token}}">
        {{#reference}}{{> text_field}}{{/reference}}
        {{#token}}{{> text_field}}{{/token}}
        <p><button class="button" type="submit">Check status</button></p>
        </form>
        {{> foot}}
        """

    static let status = """
        {{> head}}
        {{#notice}}<div class="panel" role="status"><p>{{notice}}</p></div>{{/notice}}
        {{> error_summary}}
        <h1>{{title}}</h1>
        <dl class="summary">
        <dt>Status</dt><dd><strong class="tag">{{status_label}}</strong></dd>
        <dt>Received</dt><dd>{{received_at}}</dd>
        <dt>To be acknowledged by</dt><dd>{{acknowledge_by}}</dd>
        <dt>To be answered by</dt><dd>{{respond_by}}{{#paused}}<br>The clock is stopped while we wait for your answer: this date moves on until you reply.{{/paused}}</dd>
        {{#extensions}}<dt>Extended</dt><dd>By {{days}} days on {{granted_on}}, because: {{justification}}</dd>
        {{/extensions}}
        </dl>
        <h2>Messages</h2>
        {{^messages}}<p>There are no messages yet.</p>{{/messages}}
        {{#messages}}<article class="message">
        <h3>{{from}}, {{sent_at}}</h3>
        <p class="message-text">{{text}}</p>
        </article>
        {{/messages}}
        <h2>Decision</h2>
        {{^decision}}<p>No decision yet.</p>{{/decision}}
        {{#decision}}<p><strong class="tag">{{outcome_label}}</strong> on {{decided_at}}</p>
        {{#text}}<p class="message-text">{{text}}</p>{{/text}}
        {{#has_actions}}<h3>What we did</h3>
        <ul>{{#actions}}<li>{{label}}: {{text}}</li>{{/actions}}</ul>{{/has_actions}}
        {{#redress}}<h3>Your other options</h3>
        <p class="message-text">{{redress}}</p>{{/redress}}
        {{/decision}}
        {{#has_releases}}<h2>Documentation released to you</h2>
        {{#releases}}<section class="release" id="release-{{id}}">
        <h3>Release {{id}}, {{released_at}}</h3>
        <p>From documentation version {{documentation_version}} of {{model}}.</p>
        <dl class="summary">
        {{#fields}}<dt>{{label}}</dt><dd class="message-text">{{value}}</dd>
        {{/fields}}
        </dl>
        {{#answer}}<h4>Answer to your question</h4>
        <p class="message-text">{{answer}}</p>{{/answer}}
        <dl class="summary">
        <dt>SHA-256 of this release</dt><dd><code>{{sha256}}</code></dd>
        <dt>SHA-256 of documentation version {{documentation_version}}</dt><dd><code>{{documentation_sha256}}</code></dd>
        </dl>
        <p>The same release as JSON, with your status code as a Bearer token: <code>{{href}}</code></p>
        </section>
        {{/releases}}{{/has_releases}}
        {{#open}}
        <h2>Reply</h2>
        <form method="post" action="/status/reply" novalidate>
        <input type="hidden" name="form_token" value="{{form_token}}">
        {{#reply}}{{> textarea_field}}{{/reply}}
        <p><button class="button" type="submit">Send reply</button></p>
        </form>
        <h2>Withdraw the {{case_noun}}</h2>
        <form method="post" action="/status/withdraw" novalidate>
        <input type="hidden" name="form_token" value="{{form_token}}">
        {{#withdraw_reason}}{{> textarea_field}}{{/withdraw_reason}}
        {{#withdraw_confirm}}{{> checkbox_field}}{{/withdraw_confirm}}
        <p><button class="button button-secondary" type="submit">Withdraw the {{case_noun}}</button></p>
        </form>
        {{/open}}
        <p><a href="/status">Check another complaint</a></p>
        {{> foot}}
        """

    static let message = """
        {{> head}}
        <h1>{{heading}}</h1>
        <p>{{text}}</p>
        {{#link}}<p><a href="{{href}}">{{label}}</a></p>{{/link}}
        {{> foot}}
        """

    static let models = """
        {{> head}}
        <h1>Model documentation</h1>
        <p class="lead">The general-purpose AI models {{provider}} provides in the European Union, with the parts of their documentation (the Model Documentation Form, AI Act Annex XII) that {{provider}} publishes.</p>
        <p>Providers of AI systems who integrate a model receive more of its documentation on request, and the AI Office and national authorities all of it: see the <a href="/#contact">points of contact</a>. Each documentation version is kept unchanged for at least 10 years after the model was placed on the EU market; its SHA-256 identifies it.</p>
        {{^models}}<p>No model is registered yet.</p>{{/models}}
        {{#models}}
        <section class="model" aria-labelledby="model-{{name}}">
        <h2 id="model-{{name}}">{{name}}</h2>
        <dl class="summary">
        <dt>Version</dt><dd>{{version}}</dd>
        <dt>Released</dt><dd>{{release_date}}</dd>
        <dt>Placed on the EU market</dt><dd>{{union_market_release_date}}</dd>
        {{#documentation}}
        <dt>Documentation version</dt><dd>{{number}}, published {{published_at}}</dd>
        <dt>SHA-256 of the documentation version</dt><dd><code class="sha256">{{sha256}}</code></dd>
        {{/documentation}}
        </dl>
        {{^documentation}}<p>No documentation is published for this model yet.</p>{{/documentation}}
        {{#documentation}}
        {{#withheld}}<p class="notice">This documentation version failed its integrity check, so its fields are not shown until {{provider}} has restored it.</p>{{/withheld}}
        {{^withheld}}{{^sections}}<p>None of this version's fields is published; downstream providers can request them.</p>{{/sections}}{{/withheld}}
        {{#sections}}
        <h3>{{heading}}</h3>
        <dl>
        {{#fields}}
        <dt>{{label}}</dt>
        <dd>{{#text}}<span class="message-text">{{text}}</span>{{/text}}{{#link}}<a href="{{link}}">{{link}}</a>{{/link}}{{#has_items}}<ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>{{/has_items}}</dd>
        {{/fields}}
        </dl>
        {{/sections}}
        {{/documentation}}
        </section>
        {{/models}}
        <p>The same as JSON: <a href="/api/v1/models">/api/v1/models</a>. The form's fields: <a href="/api/v1/documentation-form">/api/v1/documentation-form</a>.</p>
        {{> foot}}
        """
}
