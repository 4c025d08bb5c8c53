import Foundation

/// The National Hazardous Waste List (2021) loaded from the CSV shipped with the service.
struct WasteCatalogue: Sendable {
    /// Every code, in list order.
    let codes: [WasteCode]
    private let byCode: [String: WasteCode]

    /// Why the list could not be loaded.
    struct LoadError: Error, CustomStringConvertible {
        /// What went wrong.
        var description: String
    }

    /// Builds the catalogue from entries.
    init(codes: [WasteCode]) {
        self.codes = codes
        var index: [String: WasteCode] = [:]
        for code in codes { index[code.code] = code }
        byCode = index
    }

    /// Parses the list's CSV text (`category,category_name,industry_code,industry,code,description,characteristics`).
    init(csv: String) throws {
        let rows = CSVRows.parse(csv)
        guard let header = rows.first, header.count >= 7, header[0] == "category", header[4] == "code" else {
            throw LoadError(description: "hazardous waste list: unexpected header")
        }
        var codes: [WasteCode] = []
        for (offset, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            guard row.count == 7, let code = WasteCode.normalise(row[4]) else {
                throw LoadError(description: "hazardous waste list: malformed row \(offset + 2)")
            }
            let characteristics = row[6].split(whereSeparator: { $0 == "/" || $0 == "," || $0 == "，" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            codes.append(
                WasteCode(
                    category: row[0], categoryName: row[1], industryCode: row[2], industry: row[3], code: code,
                    description: row[5], characteristics: characteristics))
        }
        self.init(codes: codes)
    }

    /// The list shipped with the service (a copy of the 2021 list in the target's resources).
    static func bundled() throws -> WasteCatalogue {
        guard let url = Bundle.module.url(forResource: "hazardous_waste_list_2021", withExtension: "csv") else {
            throw LoadError(description: "hazardous_waste_list_2021.csv is missing from the bundle")
        }
        return try WasteCatalogue(csv: String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    /// The entry for a code written with or without dashes, or nil when it is not on the list.
    func entry(for text: String) -> WasteCode? {
        WasteCode.normalise(text).flatMap { byCode[$0] }
    }

    /// The categories present, in order, with their names.
    var categories: [(category: String, name: String)] {
        var seen = Set<String>()
        var result: [(String, String)] = []
        for code in codes where seen.insert(code.category).inserted {
            result.append((code.category, code.categoryName))
        }
        return result
    }
}

/// A minimal RFC 4180 reader: commas, double-quoted fields, doubled quotes, CRLF or LF.
enum CSVRows {
    /// The rows of `text`, each a list of fields.
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = following
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\r": continue
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// One CSV line from fields, quoting where needed.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",")
    }
}
