/* Options shared by bohan cameras coverage and plan (src/cli/cameras.c). */
#ifndef BH_CLI_CAMERAS_H
#define BH_CLI_CAMERAS_H

#include "bohan/cameras.h"
#include "cli/cli.h"

enum {
    BH_CAM_O_RADIUS = 2000,
    BH_CAM_O_CELL,
    BH_CAM_O_TYPES,
    BH_CAM_O_FROM,
    BH_CAM_O_TO,
    BH_CAM_O_DEMAND,
    BH_CAM_O_DENSITY,
    BH_CAM_O_WHICH,
    BH_CAM_O_FORMAT
};

#define BH_CAM_LONGOPTS                                                                            \
    {"radius", required_argument, NULL, BH_CAM_O_RADIUS},                                          \
        {"demand-cell", required_argument, NULL, BH_CAM_O_CELL},                                   \
        {"types", required_argument, NULL, BH_CAM_O_TYPES},                                        \
        {"from", required_argument, NULL, BH_CAM_O_FROM},                                          \
        {"to", required_argument, NULL, BH_CAM_O_TO},                                              \
        {"demand", required_argument, NULL, BH_CAM_O_DEMAND},                                      \
        {"density", required_argument, NULL, BH_CAM_O_DENSITY},                                    \
        {"which", required_argument, NULL, BH_CAM_O_WHICH},                                        \
    {                                                                                              \
        "format", required_argument, NULL, BH_CAM_O_FORMAT                                         \
    }

typedef struct bh_cli_cam {
    bh_cameras_demand_opts demand;
    double radius;
    int which;
    int fmt;
} bh_cli_cam;

void bh_cli_cam_init(bh_cli_cam *o);
/* Handles one shared option; 0 when handled, else the exit code (usage). */
int bh_cli_cam_option(bh_cli *cli, const char *cmd, int c, const char *arg, bh_cli_cam *o);
/* 0 when the shared options are valid, else prints and returns the usage exit code. */
int bh_cli_cam_check(const char *cmd, const bh_cli_cam *o);

int bh_cli_cameras_coverage(bh_cli *cli, int argc, char **argv);
int bh_cli_cameras_plan(bh_cli *cli, int argc, char **argv); /* cameras_plan.c */

#endif
