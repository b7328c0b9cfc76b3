// Debian's libsqlite3-dev (apt-get install libsqlite3-dev), found through pkg-config "sqlite3".
#include <sqlite3.h>
