/// Why a web address was not accepted, worded for the person who typed it.
public struct WebURLError: Error, Sendable, Equatable {
    /// A message to show next to the field, such as
    /// "Enter a web address starting with http:// or https://".
    public let message: String

    init(message: String) {
        self.message = message
    }

    static let empty = WebURLError(message: "Enter a web address, like https://example.com/page")
    static let tooLong = WebURLError(message: "Web address must be 2,048 characters or fewer")
    static let whitespace = WebURLError(message: "Enter a web address without spaces or line breaks")
    static let invisibleCharacter = WebURLError(
        message: "Enter a web address without invisible characters – try typing it rather than pasting it")
    static let forbiddenCharacter = WebURLError(
        message: "Enter a web address without any of these characters: < > \" ` \\ ^ { | }")
    static let scheme = WebURLError(message: "Enter a web address starting with http:// or https://")
    static let missingHost = WebURLError(
        message: "Enter a web address with a website name after http:// or https://, like https://example.com")
    static let userInfo = WebURLError(message: "Enter a web address without a user name or password")
    static let host = WebURLError(message: "Enter a web address with a valid website name, like https://example.com")
    static let port = WebURLError(
        message: "Enter a web address with a port number between 1 and 65535, or without a port")
}
