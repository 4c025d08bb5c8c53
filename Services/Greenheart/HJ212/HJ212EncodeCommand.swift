import ArgumentParser
import Domain
import Foundation

/// `greenheart hj212 encode`: JSON objects in (one per line, the shape `decode` writes), packets out.
struct HJ212EncodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode JSON objects (one per line, as `hj212 decode` writes them) into framed packets.",
        discussion: """
            Keys: qn, st (required), cn (required), pw, mn, flag, pnum, pno, and cp: either the data area as
            text ("DataTime=…;a34004-Rtd=35,a34004-Flag=N") or an object of name → value (written with
            DataTime first, then the other names in sorted order, one item each). Each packet is written
            with its CR LF tail; a line that cannot be encoded writes {"ok":false,…} to standard error.
            """)

    func run() throws {
        var failed = false
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            switch Self.encode(line: line) {
            case .success(let bytes):
                FileHandle.standardOutput.write(Data(bytes))
            case .failure(let error):
                failed = true
                FileHandle.standardError.write(Data((error.json + "\n").utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// The framed packet of one JSON line, or a JSON error line.
    static func encode(line: String) -> Result<[UInt8], EncodeFailure> {
        func failure(_ reason: String, _ message: String) -> Result<[UInt8], EncodeFailure> {
            var object = JSONText()
            object.add("ok", false)
            object.add("error", reason)
            object.add("message", message)
            return .failure(EncodeFailure(json: object.result))
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            return failure("bad_json", "the line is not a JSON object")
        }
        func text(_ key: String) -> String? {
            switch object[key] {
            case let string as String: return string
            case let number as NSNumber: return number.stringValue
            default: return nil
            }
        }
        guard let st = text("st"), let cn = text("cn") else {
            return failure("missing_field", "st and cn are required")
        }
        var flag: HJ212Flag?
        if let raw = text("flag") {
            guard let value = UInt8(raw) else { return failure("bad_field", "flag must be 0…255") }
            flag = HJ212Flag(rawValue: value)
        }
        let pnum = text("pnum").flatMap { Int($0) }
        let pno = text("pno").flatMap { Int($0) }
        do throws(HJ212Refusal) {
            let area: HJ212DataArea
            switch object["cp"] {
            case let cp as String:
                // Text is kept exactly (separators, //…// values), so the segment is written around it.
                let legacy = flag.map { $0.version == .hj2005 } ?? true
                let split = [pnum.map { "PNUM=\($0)" }, pno.map { "PNO=\($0)" }].compactMap { $0 }
                var header = [text("qn").map { "QN=\($0)" }].compactMap { $0 }
                if legacy { header += split }
                header += ["ST=\(st)", "CN=\(cn)"]
                header += [
                    text("pw").map { "PW=\($0)" }, text("mn").map { "MN=\($0)" }, flag.map { "Flag=\($0.rawValue)" },
                ]
                .compactMap { $0 }
                if !legacy { header += split }
                let segment = header.map { $0 + ";" }.joined() + "CP=&&\(cp)&&"
                return .success(try HJ212Message(dataSegment: Array(segment.utf8), options: .all).wireBytes())
            case let cp as [String: Any]:
                let names = cp.keys.sorted { lhs, rhs in
                    lhs == "DataTime" ? rhs != "DataTime" : rhs == "DataTime" ? false : lhs < rhs
                }
                var fields: [HJ212CPField] = []
                for name in names {
                    switch cp[name] {
                    case let value as String: fields.append(HJ212CPField(name: name, value: value))
                    case let value as NSNumber: fields.append(HJ212CPField(name: name, value: value.stringValue))
                    default: return failure("bad_cp", "cp value of \(name) must be text or a number")
                    }
                }
                area = try HJ212DataArea(fields: fields)
            case nil:
                area = HJ212DataArea()
            default:
                return failure("bad_cp", "cp must be text or an object")
            }
            let message = try HJ212Message(
                qn: text("qn"), st: st, cn: cn, pw: text("pw"), mn: text("mn"), flag: flag, packetCount: pnum,
                packetNumber: pno, dataArea: area, validation: .all)
            return .success(message.wireBytes())
        } catch {
            return failure(error.reason.rawValue, error.message)
        }
    }
}
