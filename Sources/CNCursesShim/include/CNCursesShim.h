#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* ncursesw for Swift: the wide-character curses header plus helpers for what Swift cannot
   import (macros such as getmaxyx, COLOR_PAIR, A_* attributes, the stdscr global). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

/** Returns the curses library version string. */
const char *cncurses_version(void);

#endif
