//! Hash maps keyed by ids. foldhash is fast on short strings and, unlike FxHash, spreads
//! similar ids (`team-00017`, `team-00018`) well; the fixed state keeps runs reproducible.

pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub type Set<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
