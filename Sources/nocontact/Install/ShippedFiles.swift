/// The files `nocontact install` writes, carried inside the binary so that installing needs
/// nothing but the two executables.
///
/// They are not copies: `Install/Shipped/` links to `systemd/nocontactd.service`,
/// `systemd/nocontactd.socket` and `config/nocontact.toml`, and SwiftPM embeds those bytes at
/// build time (`.embedInCode` in Package.swift), so what is installed is always what the
/// repository holds.
enum ShippedFiles {
    /// The daemon's path in `service`'s ExecStart=, replaced by the installed one.
    static let placeholderDaemonPath = "/usr/local/bin/nocontactd"

    /// The user service unit.
    static var service: String { String(decoding: PackageResources.nocontactd_service, as: UTF8.self) }

    /// The control socket unit.
    static var socket: String { String(decoding: PackageResources.nocontactd_socket, as: UTF8.self) }

    /// The config written when the person has none: every setting explained and commented out
    /// except the prompt times, so that it means exactly the built-in default.
    static var configTemplate: [UInt8] { PackageResources.config_toml }
}
