//! dockyard-engine: the Docker simulator. A pure, deterministic [`World`] of a host
//! workspace, daemons with images and containers, and a built-in Docker Hub; lines
//! typed at a prompt go in, Docker's exact output comes out. No I/O of any kind:
//! time is given by the caller, randomness comes from a seed.

pub mod build;
pub mod complete;
pub mod compose;
pub mod daemon;
pub mod digest;
pub mod docker;
pub mod health;
pub mod host;
pub mod images_ops;
pub mod inspect;
pub mod io;
pub mod lifecycle;
pub mod model;
pub mod names;
pub mod network;
pub mod programs;
pub mod reference;
pub mod registry;
pub mod rng;
pub mod sandbox;
pub mod script;
pub mod state;
pub mod tabwriter;
pub mod tar;
pub mod time;
pub mod units;
pub mod volumes;
pub mod world;

pub use dockyard_vfs as fs;
pub use sandbox::{Options, Output, Sandbox};
pub use world::World;
