/// The portal's release, shown by `--version` and in the contact information.
public enum PortalVersion {
    public static let current = "0.1.0"
}
