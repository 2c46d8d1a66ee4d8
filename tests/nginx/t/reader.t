# tests/nginx/t/reader.t: the content-phase reader fetches the page itself
# (a subrequest) and passes anything that is not an article through as it
# came.

=== TEST 1: an article becomes the reader view
--- config
    location /r/ { content_by_lua_block { require("newsextract.resty").reader({ fetch = "/_origin" }) } }
    location /_origin/r/ { internal; proxy_pass http://127.0.0.1:@PORT2@/; }
--- request
GET /r/relative.html
--- response_headers
Content-Type: text/html; charset=utf-8
--- response_headers_like
Content-Security-Policy: default%-src 'none'
--- response_body_like
<h1>Ferry returns to the island after storm repairs</h1>
min read

=== TEST 2: a listing passes through unchanged
--- request
GET /r/listing.html
--- response_body_same_as: listing.html
--- response_headers
!Content-Security-Policy

=== TEST 3: an empty page and JSON pass through unchanged
--- request
GET /r/blank.html
--- response_body_same_as: blank.html

=== TEST 4: JSON passes through unchanged
--- request
GET /r/data.json
--- response_body_same_as: data.json
--- response_headers
Content-Type: application/json

=== TEST 5: a 404 from the origin stays a 404
--- request
GET /r/missing.html
--- error_code: 404
