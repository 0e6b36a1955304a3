# FLOW_SANITIZE=ON builds everything with ASan and UBSan; CI runs the whole test suite so.
if(FLOW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
