#pragma once
// Planning a big workflow allocates millions of small objects; on Linux most of that time
// can go to page faults and TLB misses. glibc's allocator can back its heap with transparent
// huge pages and grow it in large steps, but only through GLIBC_TUNABLES, which glibc reads
// once at start-up. So flow starts itself again with them set (one exec, about a
// millisecond), and then puts the user's own GLIBC_TUNABLES back, so jobs never see ours.

namespace flow::sys {

/// Call first thing in main (never in `flow builtin`, which is per job and small). On the
/// first start: re-executes /proc/self/exe with the tunables set, and does not return unless
/// that fails. On the second: restores the environment as the user had it. Does nothing
/// with FLOW_NO_ALLOCATOR_TUNING set, or in sanitizer builds (their allocator is not glibc's).
void tune_allocator(char** argv);

/// Gives the pages of freed memory back to the system (glibc's malloc_trim; nothing
/// elsewhere). For after freeing a large structure that lies below memory still in use,
/// which the allocator would otherwise keep resident (peak RSS) until the end.
void release_free_memory();

}  // namespace flow::sys
