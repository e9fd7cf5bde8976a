#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* ncursesw for Swift: the wide-character curses header plus helpers for what Swift cannot
   import (macros such as getmaxyx, COLOR_PAIR, A_* attributes, the stdscr global), and the
   signal handling that must be written in C to stay async-signal-safe. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <stddef.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/** Returns the curses library version string. */
const char *cncurses_version(void);

/** setlocale(LC_ALL, "") so wide characters work. */
void cncurses_set_locale(void);

/** Opens the terminal with newterm on stdin/stdout using `term`; returns 0 on success, -1 if the terminal type is unknown. */
int cncurses_open(const char *term, int mouse);

/** True while the screen is open. */
int cncurses_is_open(void);

/** Restores the terminal (endwin); safe to call twice. */
void cncurses_close(void);

/** Number of colours the terminal reports (0 without colour). */
int cncurses_colors(void);

/** Defines colour pair `pair` (-1 = terminal default colour). */
int cncurses_init_pair(int pair, int fg, int bg);

/** Current size. */
void cncurses_size(int *rows, int *cols);

/** Key reading result kinds. */
enum { CN_NONE = 0, CN_CHAR = 1, CN_KEY = 2 };
/** Our key codes for special keys (CN_KEY results). */
enum {
    CN_UP = 1, CN_DOWN, CN_LEFT, CN_RIGHT, CN_PGUP, CN_PGDN, CN_HOME, CN_END,
    CN_BACKSPACE, CN_DELETE, CN_BTAB, CN_RESIZE, CN_ENTER, CN_OTHER
};
/** Reads one key without blocking: CN_NONE, CN_CHAR (character in *value) or CN_KEY (CN_* code in *value). */
int cncurses_read_key(unsigned int *value);

/** Draws `count` wide characters at (y, x) with attributes (bold/underline/reverse) and colour pair. */
void cncurses_draw(int y, int x, const wchar_t *text, int count, int bold, int underline, int reverse, int pair);

/** Clears the screen on the next refresh. */
void cncurses_clear(void);

/** Sends the changes to the terminal. */
void cncurses_refresh(void);

/** Installs handlers: SIGINT/SIGTERM/SIGHUP note the signal and write a byte to `wake_fd`;
    fatal signals restore the terminal (async-signal-safe writes and tcsetattr), then re-raise. */
void cncurses_install_signal_handlers(int wake_fd);

/** The last terminating signal caught (0 if none). */
int cncurses_pending_signal(void);

#endif
