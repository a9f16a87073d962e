"""The GAN core: models, losses, augmentation, EMA, the training loop and checkpoints."""
