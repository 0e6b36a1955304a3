# Warnings are on in every build; FLOW_WERROR makes them errors. It is OFF by default, so that a
# user building a release with another compiler (or another version's -O3 false positives) is
# never stopped by a warning; scripts/setup.sh turns it ON, so every developer build and CI
# treat warnings as errors (DEVELOPERS.md: standards).
#
# A build directory configured before this option existed came from scripts/setup.sh (which
# always made warnings errors): it keeps -Werror, and keeps its compile commands, so that it
# neither rebuilds everything nor quietly stops failing on warnings.
if(NOT DEFINED CACHE{FLOW_WERROR} AND EXISTS ${CMAKE_BINARY_DIR}/CMakeCache.txt)
  set(flow_werror_default ON)
else()
  set(flow_werror_default OFF)
endif()
option(FLOW_WERROR "Treat compiler warnings as errors (scripts/setup.sh and CI: ON)"
       ${flow_werror_default})

function(flow_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(FLOW_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
