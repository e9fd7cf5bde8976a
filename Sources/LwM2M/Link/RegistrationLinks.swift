/// What an LwM2M client announces in the links of its Register or Update.
extension Array where Element == CoRELink {
    /// The alternate root path: the target of the link with `rt="oma.lwm2m"`, `/` when none.
    public var lwm2mRootPath: String {
        first(where: { $0.attribute("rt") == "oma.lwm2m" })?.target ?? "/"
    }

    /// The object and object-instance paths announced (`</1/0>`, `</3>`), in order, without the
    /// root link and without targets that are not LwM2M paths.
    public var announcedPaths: [LwM2MPath] {
        let root = lwm2mRootPath
        return compactMap { link in
            guard let path = link.lwm2mPath(rootPath: root), path.level == .object || path.level == .objectInstance else { return nil }
            return path
        }
    }

    /// The content-format numbers announced with `ct` on the root link (`ct=60`, `ct="60 110"` or
    /// several `ct` parameters), in order, unknown numbers included.
    public var announcedContentFormatNumbers: [UInt16] {
        let root = lwm2mRootPath
        guard let rootLink = first(where: { $0.target == root || $0.attribute("rt") == "oma.lwm2m" }) else { return [] }
        return rootLink.attributes.filter { $0.name == "ct" }.flatMap { attribute in
            (attribute.value ?? "").split(separator: " ").compactMap { UInt16($0) }
        }
    }

    /// The announced content formats this implementation knows.
    public var announcedContentFormats: [ContentFormat] {
        announcedContentFormatNumbers.compactMap(ContentFormat.init(rawValue:))
    }

    /// The object versions announced with `ver` (`</3>;ver=1.1` or on an instance link `</3/0>;ver=1.1`), by object ID.
    public var objectVersions: [UInt16: String] {
        let root = lwm2mRootPath
        var versions: [UInt16: String] = [:]
        for link in self {
            guard let version = link.attribute("ver"), !version.isEmpty,
                  let path = link.lwm2mPath(rootPath: root), let object = path.objectID else { continue }
            versions[object] = version
        }
        return versions
    }
}
