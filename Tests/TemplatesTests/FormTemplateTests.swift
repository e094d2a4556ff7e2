import Templates
import Testing

/// A realistic complaint form with a GOV.UK-style error summary.
@Suite("Complaint form page")
struct FormTemplateTests {
    static let sources: [String: String] = [
        "error-summary": """
            {{#hasErrors}}
            <div class="govuk-error-summary" data-module="govuk-error-summary">
              <h2 class="govuk-error-summary__title">There is a problem</h2>
              <ul class="govuk-list govuk-error-summary__list">
                {{#errors}}
                <li><a href="#{{field}}">{{message}}</a></li>
                {{/errors}}
              </ul>
            </div>
            {{/hasErrors}}

            """,
        "complaint-form": """
            <form method="post" action="{{action}}" novalidate>
              {{> error-summary}}
              {{#fields}}
              <div class="govuk-form-group{{#error}} govuk-form-group--error{{/error}}">
                <label class="govuk-label" for="{{name}}">{{label}}</label>
                {{#error}}
                <p id="{{name}}-error" class="govuk-error-message">{{error}}</p>
                {{/error}}
                <input class="govuk-input" id="{{name}}" name="{{name}}" value="{{value}}">
              </div>
              {{/fields}}
              <button class="govuk-button">{{submitLabel}}</button>
            </form>

            """,
    ]

    @Test func rendersTheErrorSummaryAndFieldErrors() throws {
        let library = try TemplateLibrary(Self.sources)
        let context: TemplateValue = [
            "action": "/complaints?step=1&lang=en",
            "submitLabel": "Continue",
            "hasErrors": true,
            "errors": [
                ["field": "email", "message": "Enter an email address in the correct format, like name@example.com"],
                ["field": "summary", "message": "Summary must be 500 characters or fewer"],
            ],
            "fields": [
                ["name": "email", "label": "Email address", "value": "ada\"@x", "error": "Enter an email address in the correct format, like name@example.com"],
                ["name": "summary", "label": "What went wrong?", "value": "<b>late</b> & lost", "error": "Summary must be 500 characters or fewer"],
                ["name": "reference", "label": "Your reference (optional)", "value": ""],
            ],
        ]
        let expected = """
            <form method="post" action="/complaints?step=1&amp;lang=en" novalidate>
              <div class="govuk-error-summary" data-module="govuk-error-summary">
                <h2 class="govuk-error-summary__title">There is a problem</h2>
                <ul class="govuk-list govuk-error-summary__list">
                  <li><a href="#email">Enter an email address in the correct format, like name@example.com</a></li>
                  <li><a href="#summary">Summary must be 500 characters or fewer</a></li>
                </ul>
              </div>
              <div class="govuk-form-group govuk-form-group--error">
                <label class="govuk-label" for="email">Email address</label>
                <p id="email-error" class="govuk-error-message">Enter an email address in the correct format, like name@example.com</p>
                <input class="govuk-input" id="email" name="email" value="ada&quot;@x">
              </div>
              <div class="govuk-form-group govuk-form-group--error">
                <label class="govuk-label" for="summary">What went wrong?</label>
                <p id="summary-error" class="govuk-error-message">Summary must be 500 characters or fewer</p>
                <input class="govuk-input" id="summary" name="summary" value="&lt;b&gt;late&lt;/b&gt; &amp; lost">
              </div>
              <div class="govuk-form-group">
                <label class="govuk-label" for="reference">Your reference (optional)</label>
                <input class="govuk-input" id="reference" name="reference" value="">
              </div>
              <button class="govuk-button">Continue</button>
            </form>

            """
        #expect(library.render("complaint-form", context) == expected)
    }

    @Test func rendersNoSummaryWithoutErrors() throws {
        let library = try TemplateLibrary(Self.sources)
        let context: TemplateValue = [
            "action": "/complaints", "submitLabel": "Send", "hasErrors": false, "errors": [],
            "fields": [["name": "email", "label": "Email", "value": ""]],
        ]
        #expect(library.render("complaint-form", context) == """
            <form method="post" action="/complaints" novalidate>
              <div class="govuk-form-group">
                <label class="govuk-label" for="email">Email</label>
                <input class="govuk-input" id="email" name="email" value="">
              </div>
              <button class="govuk-button">Send</button>
            </form>

            """)
    }
}
