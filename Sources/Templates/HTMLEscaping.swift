/// Escapes text for HTML element content and quoted attribute values.
///
/// Replaces `&` `<` `>` `"` `'` with `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`
/// (what `{{name}}` does). That is enough for text between tags and for
/// attribute values in double or single quotes; it does not make text safe in
/// unquoted attributes, URLs (`href="{{x}}"` still needs the scheme checked),
/// `<script>` or `<style>`.
public enum HTMLEscaping {
    /// `text` with the HTML-special characters replaced by entities.
    ///
    /// Returns `text` itself (no copy) when it holds none of them.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { replacement(for: $0) != nil }) else { return nil }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(bytes.count + bytes.count / 4 + 16)
            escape(bytes, into: &buffer)
            return String(decoding: buffer, as: UTF8.self)
        } ?? text
    }

    /// Appends the UTF-8 of `text`, escaped, to `buffer`.
    public static func escape(_ text: String, into buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in escape(bytes, into: &buffer) }
    }

    /// Appends `bytes` (UTF-8), escaped, to `buffer`, copying unescaped runs whole.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            guard let entity = replacement(for: bytes[index]) else { continue }
            if runStart < index {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            }
            buffer.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            runStart = index + 1
        }
        if runStart < bytes.count {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    /// The entity that replaces `byte`, or `nil` if it is copied as is.
    @inline(__always)
    private static func replacement(for byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}
