//! Integration tests, examples and benchmarks of the lazarus workspace.
//!
//! This package publishes nothing: the tests live in `tests/`, the runnable
//! examples in `examples/`. Users depend on [`lazarus-core`](../lazarus_core).
