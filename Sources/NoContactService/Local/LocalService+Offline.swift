import NoContactCore
import NoContactStore

extension LocalService {
    /// The service the CLI answers with when no daemon runs: the same config and the journey
    /// store in `stateDirectory`, opened here so that the CLI reaches the data only through
    /// the service.
    package static func offline(configuration: ServiceConfiguration, stateDirectory: String) throws(ServiceError) -> LocalService {
        let store: JourneyStore
        do {
            store = try JourneyStore(directory: stateDirectory)
        } catch {
            throw .storage(error.description)
        }
        return LocalService(store: store, configuration: { configuration })
    }
}
