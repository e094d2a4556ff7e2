import Portal
import Testing

struct TextNormalizationTests {
    static let cleanTextExamples: [(String, String)] = [
        ("", ""),
        ("Le Livre!", "Le Livre!"),
        ("  hello  ", "hello"),
        ("\n\n hello \t\n", "hello"),
        ("   \n\t ", ""),
        ("a   b", "a b"),
        ("a\tb", "a b"),
        ("a \t \u{00A0}\u{2003}\u{3000} b", "a b"),
        ("a\u{0B}b\u{0C}c", "a b c"),
        ("line one\nline two", "line one\nline two"),
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\u{2028}b\u{2029}c\u{85}d", "a\nb\nc\nd"),
        ("a  \n  b", "a\nb"),
        ("a\n\nb", "a\n\nb"),
        ("a\n\n\n\nb", "a\n\nb"),
        ("a\r\n\r\n\r\nb", "a\n\nb"),
        ("a\n \t \nb", "a\n\nb"),
        ("a\u{0}b", "ab"),
        ("a \u{0} b", "a b"),
        ("bell\u{7}", "bell"),
        ("a\u{1B}[31mred", "a[31mred"),
        ("a\u{7F}b", "ab"),
        ("a\u{9B}b", "ab"),
        ("\u{FEFF}Title", "Title"),
        ("a\u{200B}b", "ab"),
        ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
        ("a\u{2066}b\u{2069}", "ab"),
        ("a\u{2060}b", "ab"),
        ("👩‍👩‍👧 family", "👩‍👩‍👧 family"),            // zero-width joiners kept
        ("می‌خواهم", "می‌خواهم"),                      // zero-width non-joiner kept
        ("שלום\u{200F} world", "שלום\u{200F} world"),  // right-to-left mark kept
        ("Café crème", "Café crème"),
    ]

    @Test(arguments: cleanTextExamples)
    func cleanTextTrimsCollapsesAndRemovesControls(_ text: String, _ expected: String) {
        #expect(Array(TextNormalization.cleanText(text).unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test(arguments: cleanTextExamples.map(\.0))
    func cleanTextIsIdempotent(_ text: String) {
        let once = TextNormalization.cleanText(text)
        #expect(TextNormalization.cleanText(once) == once)
    }

    @Test(arguments: cleanTextExamples.map(\.0))
    func cleanTextLeavesNoControlCharacterButNewline(_ text: String) {
        let cleaned = TextNormalization.cleanText(text)
        #expect(!cleaned.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
    }

    @Test(arguments: [
        ("Le Livre!", "lelivre"),
        (" le  livre", "lelivre"),
        ("L'Étranger", "létranger"),
        ("L’Étranger", "létranger"),
        ("e-mail", "email"),
        ("« Bonjour »", "bonjour"),
        ("„Die Verwandlung“", "dieverwandlung"),
        ("The Book (2nd ed.)", "thebook2nded"),
        ("hello, world.", "helloworld"),
        ("¿Qué?", "qué"),
        ("C++", "c++"),
        ("Tom & Jerry", "tomjerry"),
        ("Price: 5 € + 2 $", "price5€+2$"),
        ("ÉCOLE", "école"),
        ("Line one\nLine two", "lineonelinetwo"),
        ("a\u{200B}b", "ab"),
        ("", ""),
        ("!!! ...", ""),
        ("ΟΔΥΣΣΕΙΑ", "οδυσσεια"),
    ])
    func comparisonKeyIsLowercaseWithoutPunctuationOrWhitespace(_ text: String, _ key: String) {
        #expect(TextNormalization.comparisonKey(text) == key)
    }

    @Test(arguments: [
        ("Le Livre!", " le  livre"),
        ("The Book (2nd ed.)", "the book 2nd ed"),
        ("Rock'n'Roll", "rock n roll"),
        ("Jean-Paul Sartre", "jean paul sartre"),
        ("Dupont, Jean", "DUPONT JEAN"),
        ("Title\r\nSubtitle", "title subtitle"),
        ("ZERO\u{200B}WIDTH", "zerowidth"),
    ])
    func comparisonKeyMatchesDuplicates(_ first: String, _ second: String) {
        #expect(TextNormalization.comparisonKey(first) == TextNormalization.comparisonKey(second))
    }

    @Test(arguments: [
        ("Le Livre", "Le Livres"),
        ("C++", "C"),
        ("café", "cafe"),
        ("Tome 1", "Tome 2"),
    ])
    func comparisonKeyKeepsDifferentTextsApart(_ first: String, _ second: String) {
        #expect(TextNormalization.comparisonKey(first) != TextNormalization.comparisonKey(second))
    }
}
