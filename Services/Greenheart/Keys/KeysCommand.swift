import ArgumentParser
import Bus
import Foundation

/// `greenheart keys …`: CURVE keys for the bus.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make CURVE keys for the bus.",
        subcommands: [GenerateKeysCommand.self])
}

/// `greenheart keys generate [--name NAME] [--format env|json]`: prints a new CURVE key pair in Z85.
struct GenerateKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Print a new CURVE key pair (Z85) as environment lines or JSON.",
        discussion: """
            The environment form uses the services' configuration keys, so the lines can go straight \
            into a service's environment: BUS_CURVE_PUBLIC_KEY and BUS_CURVE_SECRET_KEY (single-quoted: \
            Z85 text may contain '$'). Keep the secret key secret; give the public key to the \
            publishers' allow-lists (bus.curve.allow) or to subscribers as the server key.
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// `BUS_CURVE_PUBLIC_KEY='…'` and `BUS_CURVE_SECRET_KEY='…'` lines.
        case env
        /// `{"name":…,"publicKey":…,"secretKey":…}`.
        case json
    }

    /// Who the pair is for, printed with it.
    @Option(help: "Who the pair is for (a department or service); printed with the keys.")
    var name: String?

    /// How to print the pair.
    @Option(help: "Output format: env or json.")
    var format: Format = .env

    /// Generates the pair and prints it.
    func run() throws {
        let pair = try CurveKeyPair.generate()
        switch format {
        case .env:
            if let name { print("# CURVE key pair for \(name)") }
            print("BUS_CURVE_PUBLIC_KEY='\(pair.publicKey)'")
            print("BUS_CURVE_SECRET_KEY='\(pair.secretKey)'")
        case .json:
            struct Output: Encodable {
                var name: String?
                var publicKey: String
                var secretKey: String
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(Output(name: name, publicKey: pair.publicKey, secretKey: pair.secretKey))
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
