"""assistant: local text analysis over tables and piles of text: embed, store, cluster, search, and LLM jobs."""
from .errors import AssistantError
from .facade import Assistant
from .settings import Settings

__all__ = ["Assistant", "AssistantError", "Settings"]
__version__ = "0.1.0"
