/* SPDX-License-Identifier: MIT */
/*
** fuzz_lua.h: one Lua 5.4 state per fuzzing process, with the checkout's
** lua/ on package.path and build/lua5.4 on package.cpath.  NX_FUZZ_ROOT is
** set by the Makefile; $NX_ROOT overrides it (a moved checkout).
*/
#ifndef NX_FUZZ_LUA_H
#define NX_FUZZ_LUA_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef NX_FUZZ_ROOT
#define NX_FUZZ_ROOT "."
#endif

static lua_State *nx_fuzz_lua(const char *setup)
{
    const char *root = getenv("NX_ROOT");
    lua_State *L = luaL_newstate();
    if (L == NULL)
        abort();
    luaL_openlibs(L);
    if (root == NULL)
        root = NX_FUZZ_ROOT;
    lua_pushstring(L, root);
    lua_setglobal(L, "NX_ROOT");
    if (luaL_dostring(L,
            "package.path = NX_ROOT .. '/lua/?.lua;' .. NX_ROOT .."
            " '/lua/?/init.lua;' .. package.path\n"
            "package.cpath = NX_ROOT .. '/build/lua5.4/?.so;' .. package.cpath\n"
            "NX_ROOT = nil") != LUA_OK ||
        luaL_dostring(L, setup) != LUA_OK) {
        fprintf(stderr, "fuzz setup: %s\n", lua_tostring(L, -1));
        abort();
    }
    return L;
}

/* A state with `core` preloaded as newsextract.core and the function the
** chunk `run` returns kept in the registry, for nx_fuzz_call. */
static lua_State *nx_fuzz_lua_fn(const char *run, lua_CFunction core)
{
    lua_State *L = nx_fuzz_lua("");
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, core);
    lua_setfield(L, -2, "newsextract.core");
    lua_pop(L, 2);
    if (luaL_loadstring(L, run) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "fuzz setup: %s\n", lua_tostring(L, -1));
        abort();
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
    return L;
}

/* The kept function called with the input as a string; a raise aborts
** (libFuzzer saves the input), naming `what`. */
static void nx_fuzz_call(lua_State *L, const uint8_t *data, size_t size,
                         const char *what)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
    lua_pushlstring(L, (const char *)data, size);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        fprintf(stderr, "%s raised: %s\n", what, lua_tostring(L, -1));
        abort();
    }
    lua_gc(L, LUA_GCCOLLECT, 0);
}

#endif
