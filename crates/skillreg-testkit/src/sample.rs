//! The sample registry: the shipped sample organisation, synced through the WLX adapter.

use skillreg_core::sync::SyncConfig;
use skillreg_store::{Actor, Registry};

/// The shipped sample export, `fixtures/winlas/sample-export.xml`: the organisation of
/// The worked example of docs/src/rules.md#worked-example (8 people; 10041 left on 2026-06-30).
pub const SAMPLE_EXPORT: &[u8] = include_bytes!("../../../fixtures/winlas/sample-export.xml");

/// A registry in memory, asked by HR, holding the sample organisation ([`SAMPLE_EXPORT`])
/// synced once as `sample-export.xml` with the default configuration.
///
/// Panics (failing the test) if the sample does not sync.
///
/// ```
/// let registry = skillreg_testkit::sample_registry();
/// assert_eq!(registry.employee("10023")?.given_name, "Anna");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sample_registry() -> Registry {
    wlx_registry(SAMPLE_EXPORT, "sample-export.xml", Actor::Hr)
}

/// The sample registry of [`sample_registry`], synced by HR and then asked by `actor`.
///
/// ```
/// use skillreg_store::Actor;
///
/// let registry = skillreg_testkit::sample_registry_as(Actor::Employee("10023".into()));
/// assert_eq!(registry.employee("10023")?.family_name, "Lindqvist");
/// assert!(registry.employee("10024").is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sample_registry_as(actor: Actor) -> Registry {
    sample_registry().with_actor(actor)
}

/// A registry in memory holding the WLX export `xml`, synced by HR as `input` with the default
/// configuration, then asked by `actor`. Panics (failing the test) if the export does not sync.
pub fn wlx_registry(xml: &[u8], input: &str, actor: Actor) -> Registry {
    let mut registry = Registry::open_in_memory(Actor::Hr)
        .unwrap_or_else(|e| panic!("cannot open a registry in memory: {e}"));
    let mut source = skillreg_wlx::WlxReader::new(xml)
        .unwrap_or_else(|e| panic!("cannot read {input} as a WLX export: {e}"));
    registry
        .sync(&mut source, input, &SyncConfig::default())
        .unwrap_or_else(|e| panic!("cannot sync {input}: {e}"));
    registry.with_actor(actor)
}
