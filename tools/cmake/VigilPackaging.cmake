# Installation layout and `cpack -G DEB`: the vigil-sensor and vigil-collector Debian packages.
include(GNUInstallDirs)

# vigil-sensor: the capture binary, the rules checker, shipped rule sets, its unit and example configuration.
install(TARGETS vigil-sensor vigil-rules RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT sensor)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/sensor.yaml DESTINATION /etc/vigil COMPONENT sensor)
install(FILES ${CMAKE_SOURCE_DIR}/rules/default.yaml ${CMAKE_SOURCE_DIR}/rules/ixp.yaml ${CMAKE_SOURCE_DIR}/rules/isp.yaml
              ${CMAKE_SOURCE_DIR}/rules/c2-example.txt ${CMAKE_SOURCE_DIR}/rules/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vigil/rules COMPONENT sensor)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/vigil-sensor@.service DESTINATION /lib/systemd/system COMPONENT sensor)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/../vigil-sensor COMPONENT sensor)

# vigil-collector: the collector and the key tool (sensor keys are made where the allowlist lives), example
# configuration, templates, unit, and the monitoring files (Prometheus rules, Grafana dashboard).
install(TARGETS vigil-collector vigil-keygen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT collector)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/collector.yaml ${CMAKE_SOURCE_DIR}/deploy/constituency.yaml
        DESTINATION /etc/vigil COMPONENT collector)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/templates/default.txt DESTINATION /etc/vigil/templates COMPONENT collector)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/vigil-collector.service DESTINATION /lib/systemd/system
        COMPONENT collector)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/deploy/prometheus ${CMAKE_SOURCE_DIR}/deploy/grafana
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vigil/monitoring COMPONENT collector)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/../vigil-collector COMPONENT collector)

set(CPACK_PACKAGE_NAME vigil)
set(CPACK_PACKAGE_VERSION 0.1.0)
set(CPACK_PACKAGE_VENDOR "Vigil")
set(CPACK_PACKAGE_CONTACT "Vigil maintainers <maintainers@vigil.invalid>")
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL sensor collector)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the binaries' shared libraries (dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_SENSOR_PACKAGE_NAME vigil-sensor)
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_NAME vigil-collector)
set(CPACK_COMPONENT_SENSOR_DESCRIPTION
    "Vigil sensor: packet capture at exchange points and ISP links, finds suspicious hosts, spools and publishes events")
set(CPACK_COMPONENT_COLLECTOR_DESCRIPTION
    "Vigil collector: stores sensor events, attributes hosts to ISPs, notifies them (PGP mail, incident systems)")
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_DEPENDS "adduser, gnupg")
set(CPACK_DEBIAN_SENSOR_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/deploy/debian/sensor/postinst ${CMAKE_SOURCE_DIR}/deploy/debian/sensor/conffiles)
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/deploy/debian/collector/postinst ${CMAKE_SOURCE_DIR}/deploy/debian/collector/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
