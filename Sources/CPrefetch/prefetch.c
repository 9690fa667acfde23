// The prefetch hint lives in the header (static inline); SwiftPM wants a source file per C target.
#include "CPrefetch.h"
