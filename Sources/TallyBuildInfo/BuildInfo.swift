/// What the build knows of itself: `BuildCommit.value`, the commit the sources were built from,
/// is generated before each build by the BuildCommit plugin (`Plugins/BuildCommit`).
package enum BuildInfo {
    /// The commit, as `evidence.json` records it.
    package static var commit: String { BuildCommit.value }
}
