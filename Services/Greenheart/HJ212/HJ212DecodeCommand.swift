import ArgumentParser
import Domain
import Foundation

/// `greenheart hj212 decode [--lenient]`: one packet per input line, one JSON object per output line.
struct HJ212DecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode one packet per line of standard input into one JSON object per line.",
        discussion: """
            Output: {"ok":true,"qn":…,"st":…,"cn":…,"pw":…,"mn":…,"flag":…,"pnum":…,"pno":…,"cp":{name: value, …}}
            (absent fields omitted; flag, pnum and pno are numbers; cp values are text exactly as sent), or
            {"ok":false,"error":"<reason code>","message":"…"}. A line's CR LF tail is optional.
            """)

    @Flag(help: "Accept every known real-world fault (MODBUS CRC, missing tail, oversize, key case, …).")
    var lenient = false

    func run() throws {
        let options: HJ212Options = lenient ? .all : []
        while let line = readLine(strippingNewline: true) {
            print(Self.decode(line: line, options: options))
        }
    }

    /// The JSON line for one input line.
    static func decode(line: String, options: HJ212Options) -> String {
        var bytes = Array(line.utf8)
        if bytes.last == 0x0D { bytes.removeLast() }
        bytes += [0x0D, 0x0A]
        do throws(HJ212Refusal) {
            let message = try HJ212Message(wireBytes: bytes, options: options)
            return json(message)
        } catch {
            var object = JSONText()
            object.add("ok", false)
            object.add("error", error.reason.rawValue)
            object.add("message", error.message)
            return object.result
        }
    }

    /// The JSON object of a decoded packet.
    static func json(_ message: HJ212Message) -> String {
        var object = JSONText()
        object.add("ok", true)
        if let qn = message.qn { object.add("qn", qn) }
        object.add("st", message.st)
        object.add("cn", message.cn)
        if let pw = message.pw { object.add("pw", pw) }
        if let mn = message.mn { object.add("mn", mn) }
        if let flag = message.flag { object.add("flag", Int(flag.rawValue)) }
        if let count = message.packetCount { object.add("pnum", count) }
        if let number = message.packetNumber { object.add("pno", number) }
        var seen = Set<String>()
        var pairs: [(String, String)] = []
        for field in message.dataArea where seen.insert(field.name).inserted {
            pairs.append((field.name, field.value))
        }
        object.add("cp", object: pairs)
        return object.result
    }
}
