from casework.formats.iso import *  # noqa: F403
