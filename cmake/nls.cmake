# Messages in the user's language (gettext of the C library; docs/architecture.md "Messages").
# po/ja.po is compiled with msgfmt (Debian package gettext, in the test set of scripts/deps) into
# the build tree's share/locale/ja/LC_MESSAGES/bohan.mo and installed under share/locale. The
# main job does not need it: without msgfmt the build works and every message stays English.
option(BH_NLS "Translate messages (gettext in the C library)" ON)
if(BH_NLS)
  include(CheckIncludeFile)
  check_include_file(libintl.h BH_HAVE_LIBINTL)
  if(NOT BH_HAVE_LIBINTL)
    set(BH_NLS OFF)
  endif()
endif()
if(BH_NLS)
  target_compile_definitions(bohan_objs PRIVATE BH_NLS)
  target_compile_definitions(bohan-cli PRIVATE BH_NLS)
  find_program(BH_MSGFMT msgfmt)
  if(BH_MSGFMT)
    set(BH_MO ${CMAKE_BINARY_DIR}/share/locale/ja/LC_MESSAGES/bohan.mo)
    add_custom_command(
      OUTPUT ${BH_MO}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/share/locale/ja/LC_MESSAGES
      COMMAND ${BH_MSGFMT} --check -o ${BH_MO} ${CMAKE_SOURCE_DIR}/po/ja.po
      DEPENDS ${CMAKE_SOURCE_DIR}/po/ja.po
      COMMENT "Compiling the Japanese messages (po/ja.po)"
      VERBATIM)
    add_custom_target(bohan_mo ALL DEPENDS ${BH_MO})
    install(FILES ${BH_MO} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/ja/LC_MESSAGES)
  else()
    message(STATUS "msgfmt not found (Debian package gettext): messages stay English")
  endif()
endif()
