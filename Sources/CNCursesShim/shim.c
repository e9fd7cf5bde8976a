#include "CNCursesShim.h"

const char *cncurses_version(void) { return curses_version(); }
