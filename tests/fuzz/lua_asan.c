/* SPDX-License-Identifier: MIT */
/*
** lua_asan.c: a minimal lua5.4 interpreter (`lua_asan script.lua args...`)
** linked with -fsanitize=address,undefined, for `make check-asan`.
**
** Why not LD_PRELOAD=libasan.so with the system lua5.4: the preload is
** inherited by every program a test starts (lynx, w3m, sh), and lynx hangs
** under it.  Linked into this executable, the runtime stays here.  Sets
** `arg` like lua.c (arg[0] the script, arg[-1] this interpreter).
*/
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    lua_State *L;
    int i, rc;
    if (argc < 2) {
        fprintf(stderr, "usage: %s script.lua [args]\n", argv[0]);
        return 2;
    }
    L = luaL_newstate();
    if (L == NULL)
        return 1;
    luaL_openlibs(L);
    lua_createtable(L, argc, 2);
    for (i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - 1);
    }
    lua_setglobal(L, "arg");
    rc = luaL_loadfile(L, argv[1]);
    if (rc == LUA_OK) {
        for (i = 2; i < argc; i++)
            lua_pushstring(L, argv[i]);
        rc = lua_pcall(L, argc - 2, 0, 0);
    }
    if (rc != LUA_OK) {
        fprintf(stderr, "%s: %s\n", argv[0], lua_tostring(L, -1));
        lua_close(L);
        return 1;
    }
    lua_close(L);
    return 0;
}
