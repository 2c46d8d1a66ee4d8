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

/* A harness's Lua state: newsextract.core preloaded from this binary (so
** it is instrumented too), then `chunk` run; the function it returns is
** kept in the registry for nx_fuzz_lua_call. */
static lua_State *nx_fuzz_lua_fn(const char *chunk, lua_CFunction open_core)
{
    lua_State *L = nx_fuzz_lua("");
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, open_core);
    lua_setfield(L, -2, "newsextract.core");
    lua_pop(L, 2);
    if (luaL_loadstring(L, chunk) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "fuzz setup: %s\n", lua_tostring(L, -1));
        abort();
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
    return L;
}

/* Pushes the kept function; the caller pushes its one argument, then
** nx_fuzz_lua_call runs it: any Lua error aborts (a crash to libFuzzer). */
static void nx_fuzz_lua_push_fn(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "nx_fuzz_fn");
}

static void nx_fuzz_lua_call(lua_State *L, const char *what)
{
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        fprintf(stderr, "%s raised: %s\n", what, lua_tostring(L, -1));
        abort();
    }
    lua_gc(L, LUA_GCSTEP, 0);
}

#endif
