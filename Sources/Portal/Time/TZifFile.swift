/// The contents of a TZif file (RFC 8536, versions 1 to 4): transitions between local time types, and
/// the footer's TZ string for the instants after the last transition.
///
/// Version 1 files use their 32-bit data block; later versions the 64-bit block that follows it
/// (any version byte from "2" on is read as version 2+: later versions keep that layout). Files with
/// leap-second records (the "right/" zones, whose times are not POSIX time) are refused.
struct TZifFile: Sendable {
    /// Transition instants, strictly ascending.
    let transitionTimes: [Int64]
    /// The local time type from each transition on (indices into `types`).
    let transitionTypes: [Int]
    /// The local time types; type 0 applies before the first transition.
    let types: [LocalTimeType]
    /// The footer (version 2+), nil when absent or empty.
    let footer: POSIXTimeZoneRule?

    /// Why bytes are not a usable TZif file, e.g. "truncated data block".
    struct FormatError: Error, Sendable {
        let detail: String
        init(_ detail: String) { self.detail = detail }
    }

    /// Parses a whole file.
    init(parsing bytes: [UInt8]) throws(FormatError) {
        var reader = Reader(bytes: bytes)
        let first = try reader.header()
        let block: DataBlock
        if first.version == 0 {
            block = try reader.dataBlock(first, timeSize: 4)
            footer = nil
        } else {
            try reader.skip(first.blockSize(timeSize: 4))
            let second = try reader.header()
            block = try reader.dataBlock(second, timeSize: 8)
            footer = try reader.footer()
        }
        transitionTimes = block.times
        transitionTypes = block.typeIndices
        types = block.types
    }

    /// The six counts of a header.
    struct Header {
        let version: UInt8
        let isutcnt: Int, isstdcnt: Int, leapcnt: Int, timecnt: Int, typecnt: Int, charcnt: Int

        func blockSize(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    struct DataBlock {
        let times: [Int64]
        let typeIndices: [Int]
        let types: [LocalTimeType]
    }

    /// A cursor over the file's bytes that never reads past the end.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        /// Limits that a real file is far below (the largest zone has a few hundred transitions), so that
        /// counts from a hostile file cannot make sizes overflow.
        private static let maximumCount = 1 << 20

        mutating func take(_ count: Int) throws(FormatError) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - position else { throw FormatError("truncated data") }
            defer { position += count }
            return bytes[position..<(position + count)]
        }

        mutating func skip(_ count: Int) throws(FormatError) {
            _ = try take(count)
        }

        mutating func uint8() throws(FormatError) -> UInt8 {
            try take(1).first!
        }

        mutating func uint32() throws(FormatError) -> UInt32 {
            try take(4).reduce(0) { $0 << 8 | UInt32($1) }
        }

        mutating func int32() throws(FormatError) -> Int32 {
            Int32(bitPattern: try uint32())
        }

        mutating func int64() throws(FormatError) -> Int64 {
            Int64(bitPattern: try take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }

        mutating func header() throws(FormatError) -> Header {
            guard try take(4).elementsEqual("TZif".utf8) else { throw FormatError("not a TZif file") }
            let version = try uint8()
            guard version == 0 || version >= UInt8(ascii: "2") else {
                throw FormatError("unsupported TZif version \(version)")
            }
            try skip(15)
            var counts: [Int] = []
            for _ in 0..<6 {
                let count = Int(try uint32())
                guard count <= Reader.maximumCount else { throw FormatError("implausible header count \(count)") }
                counts.append(count)
            }
            let header = Header(version: version, isutcnt: counts[0], isstdcnt: counts[1], leapcnt: counts[2],
                                timecnt: counts[3], typecnt: counts[4], charcnt: counts[5])
            guard header.typecnt >= 1, header.charcnt >= 1 else { throw FormatError("no local time types") }
            guard header.isutcnt == 0 || header.isutcnt == header.typecnt,
                  header.isstdcnt == 0 || header.isstdcnt == header.typecnt else {
                throw FormatError("inconsistent header counts")
            }
            return header
        }

        mutating func dataBlock(_ header: Header, timeSize: Int) throws(FormatError) -> DataBlock {
            var times: [Int64] = []
            times.reserveCapacity(header.timecnt)
            for _ in 0..<header.timecnt {
                let time = timeSize == 4 ? Int64(try int32()) : try int64()
                if let last = times.last, time <= last { throw FormatError("transition times out of order") }
                times.append(time)
            }
            var typeIndices: [Int] = []
            typeIndices.reserveCapacity(header.timecnt)
            for _ in 0..<header.timecnt {
                let index = Int(try uint8())
                guard index < header.typecnt else { throw FormatError("transition to an undefined time type") }
                typeIndices.append(index)
            }
            var records: [(utcOffset: Int, isDST: Bool, designation: Int)] = []
            for _ in 0..<header.typecnt {
                let utcOffset = Int(try int32())
                let isDST = try uint8()
                let designation = Int(try uint8())
                guard LocalTimeType.validOffsets.contains(utcOffset) else {
                    throw FormatError("UTC offset \(utcOffset) out of range")
                }
                guard isDST <= 1, designation < header.charcnt else { throw FormatError("invalid time type") }
                records.append((utcOffset, isDST == 1, designation))
            }
            let designations = Array(try take(header.charcnt))
            if header.leapcnt > 0 {
                throw FormatError("leap-second records are not supported (use a zone outside \"right/\")")
            }
            try skip(header.isstdcnt + header.isutcnt)
            var types: [LocalTimeType] = []
            for record in records {
                guard let end = designations[record.designation...].firstIndex(of: 0) else {
                    throw FormatError("unterminated time zone abbreviation")
                }
                let abbreviation = String(decoding: designations[record.designation..<end], as: UTF8.self)
                types.append(LocalTimeType(utcOffset: record.utcOffset, isDaylightSavingTime: record.isDST,
                                           abbreviation: abbreviation))
            }
            return DataBlock(times: times, typeIndices: typeIndices, types: types)
        }

        /// "\n" TZ string "\n"; nil when the string is empty.
        mutating func footer() throws(FormatError) -> POSIXTimeZoneRule? {
            guard try uint8() == 0x0A else { throw FormatError("missing footer") }
            let rest = bytes[position...]
            guard let end = rest.firstIndex(of: 0x0A) else { throw FormatError("unterminated footer") }
            let text = bytes[position..<end]
            position = end + 1
            if text.isEmpty { return nil }
            guard !text.contains(0), let rule = POSIXTimeZoneRule(parsing: String(decoding: text, as: UTF8.self)) else {
                throw FormatError("unsupported footer TZ string \(String(decoding: text, as: UTF8.self).debugDescription)")
            }
            return rule
        }
    }
}
