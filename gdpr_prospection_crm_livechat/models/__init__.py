from . import discuss_channel
from . import chatbot_script_step
