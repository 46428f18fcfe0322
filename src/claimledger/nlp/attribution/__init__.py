"""Attribution: source, cue and content of every act of reporting."""
