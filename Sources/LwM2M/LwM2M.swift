/// The LwM2M protocol core: paths, typed values, content formats, the object model and the shell
/// command language. Pure values and codecs; no I/O.
public enum LwM2MModule {
    /// The LwM2M enabler versions this implementation speaks.
    public static let supportedVersions = ["1.0", "1.1"]
}
