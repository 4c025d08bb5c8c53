import ArgumentParser
import Domain

/// `greenheart hj212 crc <data segment>`: the HJ 212 check value of a data segment.
struct HJ212CRCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crc", abstract: "Print the HJ 212 CRC (4 upper-case hex digits) of a data segment.")

    @Argument(help: "The data segment, from QN=… to the closing && (without ##, length, CRC or CR LF).")
    var segment: String

    @Flag(help: "Print the CRC-16/MODBUS value some non-conforming devices send instead.")
    var modbus = false

    func run() {
        print(HJ212CRC.hexDigits(HJ212CRC.checksum(Array(segment.utf8), algorithm: modbus ? .modbus : .standard)))
    }
}
