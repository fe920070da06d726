//! The `sempatch` binary: a thin wrapper over the library.

mod cli;
mod review_cmd;

use clap::Parser;

// The engine allocates many small short-lived nodes (compiled patterns,
// match states); mimalloc serves them faster than glibc's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // tree-sitter's nodes come from the same allocator, before any parser exists.
    // SAFETY: nothing has been allocated by tree-sitter yet, and mimalloc's
    // functions have the C allocator signatures tree-sitter expects.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
    cli::run(cli::Cli::parse())
}
