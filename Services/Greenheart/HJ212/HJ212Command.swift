import ArgumentParser

/// `greenheart hj212 …`: decode, encode and checksum HJ 212 packets.
struct HJ212Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hj212",
        abstract: "Decode, encode and checksum HJ 212 packets.",
        subcommands: [HJ212DecodeCommand.self, HJ212EncodeCommand.self, HJ212CRCCommand.self])
}
