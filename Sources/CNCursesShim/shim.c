#include "CNCursesShim.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/term.h>

const char *cncurses_version(void) { return curses_version(); }

void cncurses_set_locale(void) { setlocale(LC_ALL, ""); }

static SCREEN *screen = NULL;
static volatile sig_atomic_t open_flag = 0;
static struct termios saved_termios;
static int have_saved_termios = 0;
/* Terminal reset strings captured at open time, written by the crash handler. */
static char reset_sequence[256];
static size_t reset_length = 0;

static void append_cap(const char *name) {
    char *value = tigetstr((char *)name);
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    if (reset_length + length >= sizeof(reset_sequence)) return;
    memcpy(reset_sequence + reset_length, value, length);
    reset_length += length;
}

static void close_at_exit(void) { cncurses_close(); }

int cncurses_open(const char *term, int mouse) {
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_saved_termios = 1;
    screen = newterm(term, stdout, stdin);
    if (screen == NULL) return -1;
    set_term(screen);
    open_flag = 1;
    static int registered = 0;
    if (!registered) { atexit(close_at_exit); registered = 1; }
    raw();          /* Ctrl-S and Ctrl-C arrive as keys (no XON/XOFF, no SIGINT from the tty) */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    set_escdelay(25);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    if (mouse) mousemask(ALL_MOUSE_EVENTS, NULL);
    reset_length = 0;
    append_cap("sgr0");
    append_cap("cnorm");
    append_cap("rmcup");
    return 0;
}

int cncurses_is_open(void) { return open_flag; }

void cncurses_close(void) {
    if (!open_flag) return;
    open_flag = 0;
    endwin();
    if (screen != NULL) { delscreen(screen); screen = NULL; }
    if (have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
}

int cncurses_colors(void) { return has_colors() ? COLORS : 0; }

int cncurses_init_pair(int pair, int fg, int bg) { return init_extended_pair(pair, fg, bg); }

void cncurses_size(int *rows, int *cols) {
    int y, x;
    getmaxyx(stdscr, y, x);
    *rows = y;
    *cols = x;
}

int cncurses_read_key(unsigned int *value) {
    wint_t ch = 0;
    int kind = wget_wch(stdscr, &ch);
    if (kind == ERR) return CN_NONE;
    if (kind == OK) {
        if (ch == '\r' || ch == '\n') { *value = CN_ENTER; return CN_KEY; }
        if (ch == 127 || ch == 8) { *value = CN_BACKSPACE; return CN_KEY; }
        *value = (unsigned int)ch;
        return CN_CHAR;
    }
    switch (ch) {
    case KEY_UP: *value = CN_UP; break;
    case KEY_DOWN: *value = CN_DOWN; break;
    case KEY_LEFT: *value = CN_LEFT; break;
    case KEY_RIGHT: *value = CN_RIGHT; break;
    case KEY_PPAGE: *value = CN_PGUP; break;
    case KEY_NPAGE: *value = CN_PGDN; break;
    case KEY_HOME: *value = CN_HOME; break;
    case KEY_END: *value = CN_END; break;
    case KEY_BACKSPACE: *value = CN_BACKSPACE; break;
    case KEY_DC: *value = CN_DELETE; break;
    case KEY_BTAB: *value = CN_BTAB; break;
    case KEY_RESIZE: *value = CN_RESIZE; break;
    case KEY_ENTER: *value = CN_ENTER; break;
    default: *value = CN_OTHER; break;
    }
    return CN_KEY;
}

void cncurses_draw(int y, int x, const wchar_t *text, int count, int bold, int underline, int reverse, int pair) {
    attr_t attributes = A_NORMAL;
    if (bold) attributes |= A_BOLD;
    if (underline) attributes |= A_UNDERLINE;
    if (reverse) attributes |= A_REVERSE;
    /* attr_set takes the pair in its opts argument for pairs above 255 (extended colours). */
    int extended = pair;
    attr_set(attributes, (short)(pair < 32767 ? pair : 0), &extended);
    mvaddnwstr(y, x, text, count);
}

void cncurses_clear(void) { clearok(stdscr, TRUE); }

void cncurses_refresh(void) {
    wnoutrefresh(stdscr);
    doupdate();
}

static volatile sig_atomic_t pending_signal = 0;
static int wake_descriptor = -1;

static void on_terminate(int signal_number) {
    int saved = errno;
    pending_signal = signal_number;
    if (wake_descriptor >= 0) {
        char byte = 's';
        ssize_t ignored = write(wake_descriptor, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static void on_fatal(int signal_number) {
    if (open_flag) {
        if (reset_length > 0) {
            ssize_t ignored = write(STDOUT_FILENO, reset_sequence, reset_length);
            (void)ignored;
        }
        if (have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void cncurses_install_signal_handlers(int wake_fd) {
    wake_descriptor = wake_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_terminate;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    action.sa_handler = on_fatal;
    action.sa_flags = SA_RESETHAND;
    int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (size_t index = 0; index < sizeof fatal / sizeof fatal[0]; index++) sigaction(fatal[index], &action, NULL);
}

int cncurses_pending_signal(void) { return pending_signal; }
