//! Adversarial tests of the guard's perimeter: one module per class of ways around it, every
//! case on the backend of `DATABASE_URL` (CI runs SQLite, PostgreSQL and MariaDB). See
//! `harness` for the promise each case is held to.

mod harness;

mod allowlist;
mod check;
mod fuzz;
mod lexical;
mod markers;
mod names;
mod other_routes;
mod splice;
mod timestamps;
