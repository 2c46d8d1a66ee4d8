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

#endif
