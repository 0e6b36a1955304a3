# Warnings are errors in every build (DEVELOPERS.md: standards).
function(flow_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wimplicit-fallthrough -Werror)
endfunction()
