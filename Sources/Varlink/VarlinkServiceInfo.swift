/// What `org.varlink.service.GetInfo` reports.
public struct VarlinkServiceInfo: Sendable, Equatable, Codable {
    /// Who makes the service.
    public var vendor: String
    /// The program's name.
    public var product: String
    /// The program's version.
    public var version: String
    /// Where to learn more about it.
    public var url: String

    /// The four facts GetInfo reports, besides the interfaces.
    public init(vendor: String, product: String, version: String, url: String) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
    }
}
