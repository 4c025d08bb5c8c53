import Domain
import Foundation

/// The body of `POST /v1/stations` and `PUT /v1/stations/{mn}`.
struct StationInput: Codable, Sendable {
    /// The device id (MN); on PUT it must match the path or be omitted.
    var mn: String?
    /// The HJ 212 password; required on create, kept when omitted on update.
    var password: String?
    /// A human name.
    var name: String
    /// What the station measures.
    var kind: String
    /// The HJ 212 system code.
    var st: String
    /// Longitude.
    var longitude: Double?
    /// Latitude.
    var latitude: Double?
    /// County.
    var county: String?
    /// Owning department.
    var department: String
    /// IANA time zone (default Asia/Shanghai).
    var timeZone: String?
    /// Whether packets are accepted (default true).
    var enabled: Bool?
    /// Lenient HJ 212 option names (default none).
    var lenient: [String]?

    /// Whether `mn` is usable as an HJ 212 MN and a topic segment: 1–64 of `A-Z a-z 0-9 _ -`.
    static func isValidMN(_ mn: String) -> Bool {
        !mn.isEmpty && mn.utf8.count <= 64
            && mn.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }

    /// Whether `byte` is an ASCII letter or digit.
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Checks the input and builds the row; `existing` supplies the password and creation time on update.
    func station(mn: String, existing: Station?, now: Date) throws(StationInputError) -> Station {
        guard Self.isValidMN(mn) else { throw StationInputError("mn must be 1–64 characters of A-Z, a-z, 0-9, _ or -") }
        if let given = self.mn, given != mn { throw StationInputError("mn in the body differs from the path") }
        guard let password = password ?? existing?.password else { throw StationInputError("password is required") }
        guard !password.isEmpty, password.utf8.count <= 64,
            !password.utf8.contains(where: {
                $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") || $0 < 0x21 || $0 > 0x7E
            })
        else { throw StationInputError("password must be 1–64 printable ASCII characters without ; or ,") }
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedName.isEmpty, trimmedName.count <= 200 else {
            throw StationInputError("name must be 1–200 characters")
        }
        guard let kind = StationKind(rawValue: kind) else {
            throw StationInputError(
                "kind must be one of \(StationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...3).contains(st.utf8.count), st.utf8.allSatisfy(Self.isASCIIAlphanumeric) else {
            throw StationInputError("st must be 1–3 letters or digits, e.g. 22")
        }
        if let longitude, !(-180...180).contains(longitude) {
            throw StationInputError("longitude must be within -180…180")
        }
        if let latitude, !(-90...90).contains(latitude) { throw StationInputError("latitude must be within -90…90") }
        guard !department.isEmpty, department.count <= 100 else { throw StationInputError("department is required") }
        let zone = timeZone ?? existing?.timeZone ?? Station.defaultTimeZone
        guard TimeZone(identifier: zone) != nil else { throw StationInputError("unknown time zone \(zone)") }
        let names = lenient ?? existing?.lenientOptionNames ?? []
        guard HJ212Options(names: names) != nil else {
            throw StationInputError(
                "lenient options must be among \(HJ212Options.allNamed.map(\.name).joined(separator: ", "))")
        }
        return Station(
            mn: mn, password: password, name: trimmedName, kind: kind, st: st, longitude: longitude, latitude: latitude,
            county: county, department: department, timeZone: zone, enabled: enabled ?? existing?.enabled ?? true,
            lenientOptions: names.joined(separator: ","), createdAt: existing?.createdAt ?? now, updatedAt: now)
    }
}
