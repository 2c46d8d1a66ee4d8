# tests/nginx/t/extract.t: POST /extract answers 422 with a JSON reason for
# pages that are not articles.

=== TEST 1: an empty page is not an article: 422 with a reason
--- config
    location = /extract { content_by_lua_block { require("newsextract.resty").content() } }
--- request
POST /extract
--- request_body_file: blank.html
--- error_code: 422
--- response_headers
Content-Type: application/json
--- response_body_like
"error":"not an article"
"reason":"no run of long visible paragraphs
"readerable":false

=== TEST 2: a listing page is not an article either
--- config
    location = /extract { content_by_lua_block { require("newsextract.resty").content() } }
--- request
POST /extract?format=reader
--- request_body_file: listing.html
--- error_code: 422
--- response_body_like
"error":"not an article"
page type %a+

=== TEST 3: articles_only = false gives the extraction anyway
--- config
    location = /extract {
        content_by_lua_block { require("newsextract.resty").content({ articles_only = false }) }
    }
--- request
POST /extract
--- request_body_file: listing.html
--- response_body_like
"readerable":false
"title":"Local news

=== TEST 4: an article: 200
--- config
    location = /extract { content_by_lua_block { require("newsextract.resty").content() } }
--- request
POST /extract
--- request_body_file: relative.html
--- response_body_like
"title":"Ferry returns to the island after storm repairs"
